/** A node as written in a flow file: its id, its type (from the node registry) and its config. */
export interface FlowNode<Config = unknown> {
  id: string;
  type: string;
  /** Free text for flow designers; never shown to users. */
  description?: string;
  config: Config;
}

/** Taking `output` of node `from` continues at node `to`. */
export interface FlowLink {
  from: string;
  output: string;
  to: string;
}

/** A flow definition (one JSON file under IO_FLOWS_DIR). */
export interface Flow {
  id: string;
  name: string;
  category: string;
  version: string;
  settings: Record<string, unknown>;
  start: string;
  nodes: FlowNode[];
  links: FlowLink[];
}
