// Small generic helpers shared by every layer.
export * from './clock.js';
export * from './int.js';
export * from './assert.js';
