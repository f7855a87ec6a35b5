import { describe, expect, it } from 'vitest';
import { linkNotes, readUrlState } from '../../web/src/url-state.js';

describe('what a live page says of its link', () => {
  it('names each value it could not read, and a scenario other than the one it runs', () => {
    expect(linkNotes(readUrlState('?seed=abc&set=beta&t=2&scenario=hyosan-high'), 'munz-basic')).toEqual([
      'Not read from the link: seed=abc: not a whole number ≥ 0.',
      'Not read from the link: set=beta: not of the form name=value.',
      'Not read from the link: scenario=hyosan-high: this page runs munz-basic (`undead view hyosan-high` runs that one).',
    ]);
    expect(linkNotes(readUrlState('?t=-1'), 'munz-basic')).toEqual([
      'Not read from the link: t=-1: not a time ≥ 0.',
    ]);
    expect(linkNotes(readUrlState('?scenario=munz-basic&seed=2&t=3'), 'munz-basic')).toEqual([]);
  });
});
