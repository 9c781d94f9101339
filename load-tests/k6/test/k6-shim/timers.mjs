// Stand-in for 'k6/timers'.
export const { setTimeout, clearTimeout, setInterval, clearInterval } = globalThis;
