/**
 * The log of interventions in an engine snapshot: every engine writes it the same way, so that a
 * restored engine lists (and a replay applies) what the run was given.
 */

import { SnapshotMismatch, type SnapshotReader, type SnapshotWriter } from '../core/snapshot-codec.js';
import type { Intervention, LoggedIntervention } from './intervention.js';

/** Writes a log of interventions into a snapshot. */
export function writeInterventions(out: SnapshotWriter, log: readonly LoggedIntervention[]): void {
  out.u32(log.length);
  for (const { t, intervention } of log) {
    out.f64(t).string(intervention.kind);
    switch (intervention.kind) {
      case 'set':
        out.string(intervention.name).f64(intervention.value);
        break;
      case 'add':
        out.string(intervention.compartment).f64(intervention.count);
        out.bool(intervention.place !== undefined).string(intervention.place ?? '');
        break;
      case 'fire':
        out.string(intervention.event);
        break;
    }
  }
}

/** Reads back a log written by `writeInterventions`. */
export function readInterventions(input: SnapshotReader): LoggedIntervention[] {
  const count = input.u32();
  const log: LoggedIntervention[] = [];
  for (let i = 0; i < count; i++) {
    const t = input.f64();
    log.push({ t, intervention: readIntervention(input) });
  }
  return log;
}

function readIntervention(input: SnapshotReader): Intervention {
  const kind = input.string();
  switch (kind) {
    case 'set':
      return { kind, name: input.string(), value: input.f64() };
    case 'add': {
      const compartment = input.string();
      const count = input.f64();
      const hasPlace = input.bool();
      const place = input.string();
      return hasPlace ? { kind, compartment, count, place } : { kind, compartment, count };
    }
    case 'fire':
      return { kind, event: input.string() };
    default:
      throw new SnapshotMismatch(`the snapshot is damaged (an intervention of unknown kind '${kind}')`);
  }
}
