import type { NeedsInput } from '../../scenario/compiled-world.js';

/**
 * The state of people's needs over days (`world.needs`), struct-of-arrays allocated once: when
 * each person last ate and drank (seconds; everyone has just eaten and drunk at t = 0), whether
 * hunger or thirst weakens them now, whether they sleep, their supply trip (its leg, the shelter
 * it returns to, the portions carried), and the portions of food and water in each room. The
 * rules that change it are in `needs.ts`; the trip itself is the `trip` unit (trip.ts).
 */
export class NeedsState {
  readonly ateAt: Float64Array;
  readonly drankAt: Float64Array;
  /** 1 while hunger or thirst weakens the person (their speeds and strength × `weak`). */
  readonly weak: Uint8Array;
  readonly asleep: Uint8Array;
  /** 0: no trip; `LEG_OUT` on the way to the supplies; `LEG_BACK` on the way home. */
  readonly tripLeg: Uint8Array;
  /** The shelter a scavenger brings the supplies back to. */
  readonly tripHome: Int16Array;
  /** When the scavenger set out on the current leg of the trip (seconds). */
  readonly legStarted: Float64Array;
  readonly carryFood: Float32Array;
  readonly carryWater: Float32Array;
  /** Portions of food and water in each room now. */
  readonly roomFood: Float64Array;
  readonly roomWater: Float64Array;
  /** Rooms that held supplies at the start, where scavengers look. */
  readonly supplyRooms: Int32Array;
  /** Ticks between checks of needs. */
  readonly checkTicks: number;
  /** The sleep window, hours of the day (it may wrap past midnight). */
  readonly sleepFrom: number;
  readonly sleepTo: number;

  constructor(
    readonly settings: NeedsInput,
    capacity: number,
    roomFood: Float64Array,
    roomWater: Float64Array,
    dt: number,
  ) {
    this.ateAt = new Float64Array(capacity);
    this.drankAt = new Float64Array(capacity);
    this.weak = new Uint8Array(capacity);
    this.asleep = new Uint8Array(capacity);
    this.tripLeg = new Uint8Array(capacity);
    this.tripHome = new Int16Array(capacity).fill(-1);
    this.legStarted = new Float64Array(capacity);
    this.carryFood = new Float32Array(capacity);
    this.carryWater = new Float32Array(capacity);
    this.roomFood = roomFood.slice();
    this.roomWater = roomWater.slice();
    const rooms: number[] = [];
    for (let r = 0; r < roomFood.length; r++) if (roomFood[r]! > 0 || roomWater[r]! > 0) rooms.push(r);
    this.supplyRooms = Int32Array.from(rooms);
    this.checkTicks = Math.max(1, Math.round(settings.every / dt));
    const [from, to] = settings.sleep.split('-');
    this.sleepFrom = hoursOf(from!);
    this.sleepTo = hoursOf(to!);
  }

  /** True if the hour of the day h (0 ≤ h < 24) falls in the sleep window. */
  sleepTime(h: number): boolean {
    return this.sleepFrom <= this.sleepTo
      ? h >= this.sleepFrom && h < this.sleepTo
      : h >= this.sleepFrom || h < this.sleepTo;
  }
}

export const LEG_OUT = 1;
export const LEG_BACK = 2;

function hoursOf(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return h! + m! / 60;
}
