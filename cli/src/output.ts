/** Where a command prints: standard output for results, standard error for problems. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export const consoleOutput: Output = { out: (line) => console.log(line), err: (line) => console.error(line) };
