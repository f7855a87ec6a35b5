export { AgentsEngine, createAgents } from './engine.js';
export { newFrame, type Replay, type ReplayFrame, readReplay } from './replay.js';
