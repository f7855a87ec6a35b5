import type { ReplayFrame } from '../../../src/engines/agents/replay.js';

/** What a layer drawn over the map needs to know of the view. */
export interface LayerView {
  /** The frame shown, and its time. */
  readonly frame: ReplayFrame;
  readonly time: number;
  /** Metres per CSS pixel: line widths and ring sizes that should look the same at any zoom. */
  readonly pixel: number;
  /** Where floor f's top-left corner is drawn, in metres, or undefined if the floor is not shown. */
  origin(floor: number): { readonly x: number; readonly y: number } | undefined;
}

/**
 * Something drawn over the map's agents (an overlay, the followed agent's trail): it draws in
 * metres, the context already placed and scaled; it must not allocate per frame.
 */
export interface MapLayer {
  draw(ctx: CanvasRenderingContext2D, view: LayerView): void;
}
