/**
 * The expression language of scenario rate laws (`law: beta * S * Z / N`): parse untrusted text
 * with `parseExpression`, then turn it into an allocation-free closure with `compileExpression`
 * (or `compileExpressionInto`, which writes into an array instead of returning).
 * Text is never evaluated as code.
 */

export {
  applyBinary,
  applyCall,
  type Binding,
  type Compiled,
  type CompiledInto,
  compileExpression,
  compileExpressionInto,
  type Dependencies,
  dependencies,
} from './expression-compiler.js';
export { type Diagnosis, diagnose, formatValue } from './expression-diagnosis.js';
export {
  type BinaryExpr,
  type BinaryOp,
  type CallExpr,
  type Expr,
  ExpressionError,
  type FunctionName,
  functionNames,
  type NameExpr,
  type NumExpr,
  namesIn,
  parseExpression,
  type Span,
  type UnaryExpr,
  type UnaryOp,
} from './expression-parser.js';
