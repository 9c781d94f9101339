// Stand-in for 'k6/metrics': every add() is recorded with its tags.
import { addSample } from './state.mjs';

class Metric {
  constructor(name, type) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new Error(`invalid k6 metric name ${name}`);
    }
    this.name = name;
    this.type = type;
  }

  add(value, tags) {
    if (typeof value !== 'number' && typeof value !== 'boolean') {
      throw new Error(`${this.name}.add() needs a number or boolean, got ${typeof value}`);
    }
    addSample(this.name, this.type, value, tags);
  }
}

export class Trend extends Metric {
  constructor(name) {
    super(name, 'trend');
  }
}

export class Counter extends Metric {
  constructor(name) {
    super(name, 'counter');
  }
}

export class Rate extends Metric {
  constructor(name) {
    super(name, 'rate');
  }
}

export class Gauge extends Metric {
  constructor(name) {
    super(name, 'gauge');
  }
}
