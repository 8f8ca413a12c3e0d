/**
 * A function's own code, as the model carries it (`LambdaFunction.code`). The locator
 * (src/model/code/locate*) fills it from the function's configuration; the code checks read it.
 * Trees are not part of the model: a check asks `syntaxOf(file)` (src/parse/code.ts) for the parsed
 * tree of a file, parsed once per run and shared by every check.
 */
import type { Loc, SourceFile } from '../../parse/index.js';

export type CodeLanguage = 'python' | 'javascript' | 'typescript' | 'java';

/** The tree-sitter grammar of a file: TypeScript files ending in `.tsx` use the TSX grammar. */
export type CodeGrammar = 'python' | 'javascript' | 'typescript' | 'tsx' | 'java';

/** One source file of a function: the entry file, a local module it imports, or inline code. */
export interface CodeFile {
  /** Absolute path on disk; for inline code, the absolute path of the template. */
  path: string;
  /** Path as findings show it (relative to the working directory), as `SourceFile.path` elsewhere. */
  displayPath: string;
  /** The code itself (for inline code: the value of `ZipFile` / `InlineCode`, not the template). */
  text: string;
  language: CodeLanguage;
  grammar: CodeGrammar;
  /**
   * Inline code only: where the code's first character sits in the template (1-based), with
   * `template` the template's SourceFile. Each further line of the code starts at `column` of the
   * following template line in a YAML block scalar (`layout: 'block'`); in any other scalar
   * (`'scalar'`: a JSON string, a quoted or folded YAML one) code lines are not template lines, and
   * every position is the scalar's start. Positions are reported in the template.
   */
  origin?: { template: SourceFile; line: number; column: number; layout: 'block' | 'scalar' };
}

export interface FunctionCode {
  language: CodeLanguage;
  /** The file the handler setting names. */
  entry: CodeFile;
  /**
   * The handler inside `entry`: Python / Node.js the function name (`lambda_handler`, `handler`),
   * Java the method (`handleRequest`; the class is the entry file's public class).
   */
  handlerName: string;
  /** The entry file first, then the local modules it imports, transitively (depth <= 5, no vendored packages). */
  files: CodeFile[];
  /** The code root the handler is resolved in (CodeUri, service directory, asset directory). */
  root: string;
}

/**
 * Why a function's code could not be read (a CodeUri that does not exist, a handler whose entry
 * file is not found): the engine reports it as one `ldlint/unverifiable` note per function.
 * Functions without a runtime (container images) and runs with `--no-code` have neither `code`
 * nor `codeProblem`.
 */
export interface CodeProblem {
  reason: string;
  /** The setting that names the code (CodeUri, Handler, handler). */
  at: Loc;
}
