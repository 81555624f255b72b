import type { FlowProcessor, ProcessorRegistry } from '../engine/processor.js';

/** Processors by id; flows may only name registered ones. */
export class ProcessorCatalog implements ProcessorRegistry {
  private readonly byId = new Map<string, FlowProcessor>();

  register(processor: FlowProcessor): this {
    if (this.byId.has(processor.id)) throw new Error(`processor "${processor.id}" is registered twice`);
    this.byId.set(processor.id, processor);
    return this;
  }

  get(id: string): FlowProcessor | undefined {
    return this.byId.get(id);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }
}
