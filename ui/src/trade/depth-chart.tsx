/**
 * The depth chart: cumulative bid size stepping down to the left of the spread and
 * cumulative ask size stepping up to the right, drawn on a canvas at the device's pixel
 * ratio. Drawn straight from the book store when it changes (at most once per frame,
 * without a React render) or when the box resizes. Prices and sizes become numbers here
 * only to be placed on the canvas.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import type { BookStore, BookView } from '../market/use-book.ts';
import { chartColors } from '../charts/use-chart.ts';

interface Point {
  readonly price: number;
  readonly label: string;
  readonly cumulative: number;
}

function cumulative(levels: BookView['bids']): Point[] {
  let sum = 0;
  return levels.map(([price, qty]) => {
    sum += Number(qty);
    return { price: Number(price), label: price, cumulative: sum };
  });
}

function draw(canvas: HTMLCanvasElement, book: BookView): void {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const g = canvas.getContext('2d');
  if (g === null) return;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  const bids = cumulative(book.bids);
  const asks = cumulative(book.asks);
  const all = [...bids, ...asks];
  if (all.length === 0) {
    g.fillStyle = chartColors.text;
    g.font = '12px sans-serif';
    g.fillText('empty book', 8, 18);
    return;
  }
  const lowest = all.reduce((a, b) => (b.price < a.price ? b : a));
  const highest = all.reduce((a, b) => (b.price > a.price ? b : a));
  const low = lowest.price;
  const high = highest.price;
  const top = Math.max(...all.map((p) => p.cumulative));
  const pad = 4;
  const x = (price: number): number => pad + ((price - low) / (high - low || 1)) * (width - 2 * pad);
  const y = (size: number): number => height - 18 - (size / top) * (height - 30);
  const side = (points: Point[], color: string): void => {
    const first = points[0];
    if (first === undefined) return;
    g.beginPath();
    g.moveTo(x(first.price), y(0));
    let last = first;
    for (const p of points) {
      g.lineTo(x(p.price), y(last === p ? 0 : last.cumulative));
      g.lineTo(x(p.price), y(p.cumulative));
      last = p;
    }
    g.lineTo(x(last.price), y(0));
    g.closePath();
    g.fillStyle = `${color}40`;
    g.fill();
    g.strokeStyle = color;
    g.lineWidth = 1.5;
    g.stroke();
  };
  side(bids, chartColors.up);
  side(asks, chartColors.down);
  g.fillStyle = chartColors.text;
  g.font = '11px sans-serif';
  g.fillText(lowest.label, pad, height - 4);
  const highText = highest.label;
  g.fillText(highText, width - pad - g.measureText(highText).width, height - 4);
}

export function DepthChart({ store }: { readonly store: BookStore }): ReactNode {
  const ref = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (canvas === null) return undefined;
    const redraw = (): void => draw(canvas, store.get());
    redraw();
    const unsubscribe = store.subscribe(redraw);
    const observer = new ResizeObserver(redraw);
    observer.observe(canvas);
    return () => {
      unsubscribe();
      observer.disconnect();
    };
  }, [store]);
  return <canvas ref={ref} className="depth-chart" data-testid="depth-chart" />;
}
