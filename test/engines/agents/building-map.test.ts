import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { Building, DOOR_LOCKED, DOOR_OPEN } from '../../../src/engines/agents/building.js';
import { Cell, expandBraces, Flag, parseBuilding } from '../../../src/scenario/building-map.js';
import { compileScenario } from '../../../src/scenario/compile.js';
import { loadScenario } from '../../../src/scenario/files.js';
import { buildingScenario, load } from './helpers.js';

/** The issues of an input error, or fails. */
function issuesOf(text: string) {
  try {
    load(text);
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
  throw new Error('expected an input error');
}

/** 1-based file line and column of map line `line`, column `col` (1-based) of floor f in the text. */
function filePosition(text: string, floor: number, line: number, col: number) {
  const lines = text.split('\n');
  const header = lines.findIndex(
    (l, k) => l.includes('map: |') && lines.slice(0, k).filter((x) => x.includes('map: |')).length === floor,
  );
  const mapLine = lines[header + line]!;
  const indent = mapLine.length - mapLine.trimStart().length;
  return { line: header + 1 + line, col: indent + col };
}

describe('floor maps', () => {
  it('parse rooms, doors, stairs and furniture from the text', () => {
    const { building, problems } = parseBuilding([
      { name: 'ground', map: '#######\n#[a]+.#\n#h.^#.#\n#######\n' },
      { name: 'upper', map: '#######\n#[b]..#\n#..v..#\n#######\n' },
    ]);
    expect(problems).toEqual([]);
    const b = building!;
    expect(b.roomNames).toEqual(['a', 'b']);
    expect([b.width, b.height, b.floors]).toEqual([7, 4, 2]);
    const at = (f: number, x: number, y: number) => (f * b.height + y) * b.width + x;
    expect(b.kind[at(0, 4, 1)]).toBe(Cell.DOOR);
    expect(b.flags[at(0, 3, 2)]).toBe(Flag.STAIRS_UP);
    expect(b.flags[at(1, 3, 2)]).toBe(Flag.STAIRS_DOWN);
    expect(b.flags[at(0, 1, 2)]).toBe(Flag.FURNITURE);
    // Room a is bounded by the door; the cell beyond the door (5, 1) joins the unnamed region.
    expect(b.room[at(0, 1, 1)]).toBe(0);
    expect(b.room[at(0, 3, 2)]).toBe(0);
    expect(b.room[at(0, 5, 1)]).toBe(-1);
    expect(b.room[at(1, 4, 2)]).toBe(1);
  });

  it('point an unclosed room at the cell where its floor reaches the outside', () => {
    const text = buildingScenario({ floors: [['#########', '#[a].....', '#########']] });
    const [issue, ...rest] = issuesOf(text);
    expect(rest).toEqual([]);
    expect(issue!.message).toMatch(/room 'a' \(labelled at row 2, column 2 of its map\) is not closed/);
    expect(issue!.path).toBe('world.building.floors.0.map');
    expect({ line: issue!.line, col: issue!.col }).toEqual(filePosition(text, 0, 2, 9));
  });

  it('point stairs with no partner at the stairs, on their own floor', () => {
    const text = buildingScenario({
      floors: [
        ['######', '#[a]^#', '######'],
        ['######', '#[b].#', '######'],
      ],
    });
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(
      /stairs lead up with no partner on the next floor \('F2' needs 'v' or 'H' in the same place: row 2, column 5 of its map\)/,
    );
    expect({ line: issues[0]!.line, col: issues[0]!.col }).toEqual(filePosition(text, 0, 2, 5));
  });

  it('report unknown symbols, twice-named rooms and labels sharing a region, each where it stands', () => {
    const text = buildingScenario({ floors: [['##########', '#[a]..[b]#', '#[a]#.?..#', '##########']] });
    const issues = issuesOf(text);
    const byMessage = (pattern: RegExp) => issues.find((i) => pattern.test(i.message))!;
    expect(issues).toHaveLength(3);
    expect(byMessage(/unknown map symbol '\?'/)).toMatchObject(filePosition(text, 0, 3, 7));
    expect(byMessage(/room 'a' is already labelled/)).toMatchObject(filePosition(text, 0, 3, 2));
    expect(byMessage(/room 'b' is the same region as room 'a'/)).toMatchObject(filePosition(text, 0, 2, 7));
  });

  it('report an exit outside any named room', () => {
    const issues = issuesOf(buildingScenario({ floors: [['#######', '#[a]#E#', '#######']] }));
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/an exit must lie inside a labelled room/),
    ]);
  });

  it('check the world against the maps: unknown rooms, groups and classes, located at their fields', () => {
    const text = buildingScenario({
      floors: [['#####', '#[a]#', '#####']],
      world: [
        '  groups:',
        '    people: { rooms: [a, nowhere] }',
        '    zombies: { start: zombie, rooms: [a] }',
        '  characters:',
        '    Somebody: { group: ghosts }',
        '  events:',
        '    - { at: 5, bomb: { rooms: [gym] } }',
      ].join('\n'),
    });
    const issues = issuesOf(text);
    const lines = text.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'world.groups.people.rooms.1',
          message: "no room 'nowhere' in the maps",
          line: lineOf('nowhere'),
        }),
        expect.objectContaining({
          path: 'world.characters.Somebody.group',
          message: "no group 'ghosts'",
          line: lineOf('ghosts'),
        }),
        expect.objectContaining({
          path: 'world.events.0.bomb.rooms.0',
          message: "no room 'gym' in the maps",
          line: lineOf('gym'),
        }),
      ]),
    );
  });

  it('expand brace ranges and lists in room names', () => {
    expect(expandBraces('{1..2}-{1..3}')).toEqual(['1-1', '1-2', '1-3', '2-1', '2-2', '2-3']);
    expect(expandBraces('hall-{a,b}')).toEqual(['hall-a', 'hall-b']);
    expect(expandBraces('plain')).toEqual(['plain']);
    expect(expandBraces('bad-{1..')).toMatch(/unbalanced/);
    // The product of the braces is held too: three of 1,000 took a minute and 6 GB before.
    expect(expandBraces('b{1..100}{1..100}')).toHaveLength(10_000);
    expect(expandBraces('b{1..1000}{1..1000}{1..1000}')).toBe(
      "'{1..1000}{1..1000}' gives 1,000,000 names; a pattern gives at most 10,000",
    );
    expect(expandBraces('{1..20000}')).toBe(
      "'{1..20000}' gives 20,000 names; a pattern gives at most 10,000",
    );
  });
});

describe('the built-in buildings', () => {
  it('hyosan-high has every place of the show, stairs on all floors and a locked roof door', () => {
    const loaded = loadScenario('hyosan-high');
    const world = compileScenario(loaded, 'agents').world!;
    const b = new Building(world.building!, world.settings);
    const places = [
      '2-5',
      'science-lab',
      'lab-store',
      'nurse',
      'teachers-office',
      'broadcasting',
      'booth',
      'library',
      'music',
      'art',
      'cafeteria',
      'rooftop',
      'gym',
      'equipment',
      'archery',
      'yard',
      'tennis',
      'front-gate',
      'back-gate',
    ];
    for (const place of places) expect(b.roomIndex.has(place), place).toBe(true);
    expect(b.floorNames).toEqual(['1F', '2F', '3F', '4F', 'roof']);
    // Four storeys about 100 m wide: the hall of each floor spans 98 cells inside its walls.
    for (let f = 1; f <= 4; f++) {
      const r = b.roomIndex.get(`hall-${f}`)!;
      let min = Infinity;
      let max = -Infinity;
      for (let k = b.roomCellStart[r]!; k < b.roomCellStart[r + 1]!; k++) {
        const x = b.xOf(b.roomCellList[k]!);
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      expect(max - min + 1, `hall-${f}`).toBeGreaterThanOrEqual(95);
    }
    const roofDoors = [...b.doorState].filter((s) => s === DOOR_LOCKED);
    expect(roofDoors).toHaveLength(1);
    expect(b.exitCount).toBe(2);
    expect(b.doorState.some((s) => s === DOOR_OPEN)).toBe(true);
  });

  it('repast-zombies is an open plane', () => {
    const world = compileScenario(loadScenario('repast-zombies'), 'agents').world!.settings;
    expect(world.building.open).toEqual({ width: 200, height: 200 });
  });
});

describe('doors', () => {
  const school = (row4: string, row5 = '#[hall]........E#') =>
    ['#################', '#[a]....#[b]....#', '#.......#.......#', row4, row5, '#################'].join(
      '\n',
    );
  it('join two open cells across them, or are refused at their line and column', () => {
    expect(parseBuilding([{ name: '1F', map: school('####+#######+####') }]).problems).toEqual([]);
    // Walled in below: class a is sealed off, and was accepted silently.
    const sealed = parseBuilding([
      { name: '1F', map: school('####+#######+####', '#######+#########\n#[hall]........E#') },
    ]);
    expect(sealed.problems.map(({ line, col, message }) => [line, col, message.split(':')[0]])).toEqual([
      [3, 4, 'this door leads nowhere'],
      [3, 12, 'this door leads nowhere'],
      [4, 7, 'this door leads nowhere'],
    ]);
    // On the map's edge, and at a wall's corner.
    const edge = parseBuilding([{ name: '1F', map: school('####+#######+####', '#[hall]........E+') }]);
    expect(edge.problems.map(({ line, col }) => [line, col])).toEqual([[4, 16]]);
    const corner = parseBuilding([{ name: '1F', map: school('+###+#######+####') }]);
    expect(corner.problems.map(({ line, col }) => [line, col])).toEqual([[3, 0]]);
  });
});

describe('walks longer than the distance fields hold', () => {
  /** A corridor winding through `lanes` lanes of `width` cells, room a at its start. */
  const serpentine = (lanes: number, width: number): string[] => {
    const rows = ['#'.repeat(width + 2)];
    for (let i = 0; i < lanes; i++) {
      rows.push(`#${i === 0 ? `[a]${'.'.repeat(width - 3)}` : '.'.repeat(width)}#`);
      if (i < lanes - 1)
        rows.push(`#${i % 2 === 0 ? `${'#'.repeat(width - 1)}.` : `.${'#'.repeat(width - 1)}`}#`);
    }
    rows.push('#'.repeat(width + 2));
    return rows;
  };
  it('are refused at one end, with the length, where 16-bit fields would leave the far end out of reach', () => {
    // 9 lanes of 4,000 cells are 36,000 m of walking: no one left the room, without a word.
    const long = issuesOf(buildingScenario({ floors: [serpentine(9, 4000)] }));
    expect(long).toHaveLength(1);
    expect(long[0]!.path).toBe('world.building.floors.0.map');
    expect(long[0]!.message).toMatch(
      /^the walk from here to floor 'F1', line \d+, column \d+ is 36,\d{3} m at the shortest; the agents engine's paths reach at most 32,767 m/,
    );
    // 7 lanes (28,000 m) fit.
    expect(() => load(buildingScenario({ floors: [serpentine(7, 4000)] }))).not.toThrow();
  });
});
