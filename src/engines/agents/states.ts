/** Agent states, in the column order of every output (`human,infected,zombie,immune,immortal,dead`). */
export const HUMAN = 0;
export const INFECTED = 1;
export const ZOMBIE = 2;
export const IMMUNE = 3;
export const IMMORTAL = 4;
export const DEAD = 5;
export const STATE_COUNT = 6;
export const STATE_NAMES = ['human', 'infected', 'zombie', 'immune', 'immortal', 'dead'] as const;

/** Behaviour stacks: which units an agent runs, by state. The latent infected act as humans. */
export const STACK_HUMAN = 0;
export const STACK_ZOMBIE = 1;
export const STACK_IMMUNE = 2;
export const STACK_IMMORTAL = 3;
export const STACK_NONE = 4;
export const STACK_NAMES = ['human', 'zombie', 'immune', 'immortal'] as const;

/** The stack of each state. */
export const STACK_OF_STATE = Uint8Array.of(
  STACK_HUMAN,
  STACK_HUMAN,
  STACK_ZOMBIE,
  STACK_IMMUNE,
  STACK_IMMORTAL,
  STACK_NONE,
);

/** Who hunts (zombies, immortals) and who keeps their mind and looks around (the rest alive). */
export const HUNTS = Uint8Array.of(0, 0, 1, 0, 1, 0);
export const PERCEIVES = Uint8Array.of(1, 1, 0, 1, 0, 0);
/** 1 for the states that keep a mind: people (infected or not) and both hybrids. */
export const KEEPS_MIND = Uint8Array.of(1, 1, 0, 1, 1, 0);

/** A person's plan once alarmed. */
export const PLAN_NONE = 0;
/** Stay in the room, shut the doors and barricade them. */
export const PLAN_SHELTER = 1;
/** Walk to a room (`goal`), then shelter there. */
export const PLAN_GO = 2;
/** Make for an exit or a place (`goal`) and leave by it. */
export const PLAN_LEAVE = 3;
/** A supply trip: walk to a room with supplies (`goal`), take what one carries, and bring it home. */
export const PLAN_TRIP = 4;

/** Where an agent is: on the map, or gone through an exit (then `away` holds the exit's index + 1). */
export const ON_MAP = 0;
