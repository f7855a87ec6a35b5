/** Sounds, by index: the detail code of a noise event. */
export const SOUND_KINDS = [
  'scream',
  'fight',
  'bang',
  'phone',
  'speaker',
  'alarm',
  'whistle',
  'voice',
] as const;
export type SoundKind = (typeof SOUND_KINDS)[number];
export const SCREAM = 0;
export const FIGHT = 1;
export const BANG = 2;
export const PHONE = 3;
export const SPEAKER = 4;
export const ALARM = 5;
export const WHISTLE = 6;
export const VOICE = 7;
