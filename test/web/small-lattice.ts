/** A small lattice scenario for the viewer's tests: 24 × 16 cells of 50 people, one zombie, a cordon. */
export const SMALL_LATTICE = `name: lattice-small
title: A small lattice
description: One zombie in the middle of 24 x 16 cells of 50 people; a cordon round the middle on day 5.
model:
  compartments: [S, Z, R]
  parameters: { beta: 1, kappa: 0.3 }
  reactions:
    bite: { from: S + Z, to: 2 Z, rate: beta }
    kill: { from: S + Z, to: S + R, rate: kappa }
time: { until: 20, every: 0.5, unit: day }
engine: lattice
world:
  lattice:
    uniform: { width: 24, height: 16, people: 50 }
    start: S
    seed: { Z: 1, at: { x: 12, y: 8 } }
    move: { Z: 0.001 }
    contact: { bite: 0.0005, kill: 0.0005 }
    regions:
      middle: { box: [10, 6, 14, 10] }
    events:
      - { name: cordon, at: 5, cordon: middle }
`;
