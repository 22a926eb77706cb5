// A pane with a splitter beside it whose size the user sets and the page remembers.
import type { ReactNode } from 'react';
import { Splitter } from '../ui/Splitter';
import type { PaneSize } from './paneSizes';
import { usePersistentSize } from './usePersistentSize';

/** Props of a resizable pane: which one (its size entry) and its content. */
export interface ResizablePaneProps {
  size: PaneSize;
  className: string;
  children: ReactNode;
}

/** The pane and its splitter, in reading order. */
export function ResizablePane({ size, className, children }: ResizablePaneProps) {
  const [pixels, setPixels] = usePersistentSize(size.key, size.initial);
  const vertical = size.orientation === 'vertical';
  const pane = (
    <div className={className} style={vertical ? { width: pixels } : { height: pixels }}>
      {children}
    </div>
  );
  const splitter = (
    <Splitter
      label={size.label}
      orientation={size.orientation}
      value={pixels}
      min={size.min}
      max={size.max}
      invert={size.after}
      onChange={setPixels}
    />
  );
  return size.after ? (
    <>
      {splitter}
      {pane}
    </>
  ) : (
    <>
      {pane}
      {splitter}
    </>
  );
}
