import { describe, expect, it } from 'vitest';
import { thisReadBeforeSuper } from '../../support/this-before-super.js';

describe('reading this before super() in bundled code', () => {
  it('finds what esbuild writes lowering an arrow in a derived constructor, and this passed to super', () => {
    const lowered = 'class A extends B{constructor(){var r=this;super(),this.x=1,this.on("e",function(){r.x++})}}';
    expect(thisReadBeforeSuper(lowered).map((read) => read.offset)).toEqual([lowered.indexOf('this')]);
    expect(thisReadBeforeSuper('class A extends B{constructor(){super(this.y)}}')).toHaveLength(1);
  });

  it('leaves alone what runs after super(), in a function called later, or in a class without a base', () => {
    expect(thisReadBeforeSuper('class A extends B{constructor(){super();var r=this}}')).toEqual([]);
    expect(thisReadBeforeSuper('class A extends B{constructor(){const f=()=>this.x;super(),f()}}')).toEqual([]);
    expect(thisReadBeforeSuper('class A{constructor(){var r=this}}')).toEqual([]);
    expect(thisReadBeforeSuper('class A extends B{m(){var r=this}}')).toEqual([]);
  });
});
