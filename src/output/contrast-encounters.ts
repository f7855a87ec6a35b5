import { parseAgentsCsv, parseEvents } from './character-story.js';

/** One run's event log and its list of agents (`events.jsonl` and `agents.csv`). */
export interface RunLog {
  events: string;
  agents: string;
}

/** Who bit or killed members of which group: `[from][to]` counts summed over the runs whose logs were read. */
export type EncounterTable = Record<string, Record<string, number>>;

/** Bites and kills between groups, from the event logs. */
export interface Encounters {
  /** How many runs' logs were read. */
  runs: number;
  bites: EncounterTable;
  kills: EncounterTable;
  /** Why there is no count of rescues. */
  rescues: string;
}

/** The rows of groups.csv a member counts in, by group, class, role and grade (a class `2-5` is of grade 2). */
function rowsOfAgent(group: string, home: string, role: string): string[] {
  const rows = [group];
  if (home !== '') rows.push(`${group}/class-${home}`, `${group}/grade-${home.split('-')[0]}`);
  if (role !== '') rows.push(`${group}/role-${role}`);
  return rows;
}

/** The label of an agent in none of the compared groups. */
const OTHER = 'other';

/**
 * Bites and kills by members of each group (or `other`) of members of each, summed over the logs.
 * An agent counts under the first compared group it is a member of, whatever it has become (a
 * zombie that was a teacher bites for `staff`).
 */
export function encountersOf(logs: readonly RunLog[], groups: readonly string[]): Encounters {
  const labels = [...groups, OTHER];
  const table = (): EncounterTable =>
    Object.fromEntries(labels.map((from) => [from, Object.fromEntries(labels.map((to) => [to, 0]))]));
  const bites = table();
  const kills = table();
  for (const log of logs) {
    const label = labelsOfAgents(log.agents, groups);
    for (const event of parseEvents(log.events)) {
      const counts = event.kind === 'bite' ? bites : event.kind === 'kill' ? kills : undefined;
      if (counts === undefined || event.agent === null || event.other === undefined) continue;
      const from = label[event.agent] ?? OTHER;
      const to = label[event.other] ?? OTHER;
      counts[from]![to]!++;
    }
  }
  return {
    runs: logs.length,
    bites,
    kills,
    rescues: 'not recorded: the event log has no rescue events',
  };
}

/** Each agent's encounter label (by id, from agents.csv's `group`, `class` and `role`). */
function labelsOfAgents(agentsCsv: string, groups: readonly string[]): string[] {
  const labels: string[] = [];
  for (const row of parseAgentsCsv(agentsCsv)) {
    const rows = rowsOfAgent(row.group ?? '', row.class ?? '', row.role ?? '');
    labels[Number(row.id)] = groups.find((group) => rows.includes(group)) ?? OTHER;
  }
  return labels;
}
