import { expect } from 'chai';
import jsonata from 'jsonata';
import { isBoundedShape } from '../../src/engine/expression-shape.js';

const bounded = (source: string) => isBoundedShape(jsonata(source).ast());

describe('expression shapes evaluated on the event loop', () => {
  it('takes paths, operators, conditionals and constructors', () => {
    expect(bounded('flow.company')).to.equal(true);
    expect(bounded("'Hello ' & context.user.username")).to.equal(true);
    expect(bounded("flow.plan = 'pro' ? { 'a': [1, flow.x] } : -1")).to.equal(true);
  });

  it('takes calls of linear built-in functions on bounded arguments', () => {
    expect(bounded('$exists(context.user.id)')).to.equal(true);
    expect(bounded('$uppercase($trim(flow.company))')).to.equal(true);
    expect(bounded("$join([flow.a, flow.b], ', ')")).to.equal(true);
  });

  it('sends everything whose cost its shape does not bound to the workers', () => {
    for (const source of [
      "$pad('', 100000000)",
      '$map(flow.items, function($v) { $v * 2 })',
      '($f := function($n) { $f($n + 1) }; $f(0))',
      '($exists := function($x) { $x }; $exists(1))',
      "$eval('1 + 1')",
      '$distinct(flow.items)',
      '$exists([1..100000000])',
      '$contains(flow.a, /a+$/)',
      'flow.items[price > 10]',
      '$string(flow.items^(price))',
    ]) {
      expect(bounded(source), source).to.equal(false);
    }
  });
});
