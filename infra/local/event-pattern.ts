/**
 * EventBridge event-pattern matching for the local EventBridge emulation.
 *
 * Semantics follow the AWS EventBridge user guide ("Amazon EventBridge event
 * patterns", "Content filtering in Amazon EventBridge event patterns",
 * "Arrays in Amazon EventBridge event patterns", "Comparison operators for use
 * in event patterns") and, where the guide is silent, the behaviour of
 * aws/event-ruler, the matching engine EventBridge is built on.
 */
import { isIPv4, isIPv6 } from "node:net";

export type EventPattern = Record<string, unknown>;

export class InvalidEventPatternError extends Error {
  /** Dotted location of the offending part of the pattern ("" for the root). */
  readonly path: string;

  constructor(message: string, path = "") {
    super(path ? `Invalid event pattern at ${path}: ${message}` : `Invalid event pattern: ${message}`);
    this.name = "InvalidEventPatternError";
    this.path = path;
  }
}

const OR_KEY = "$or";

type Scalar = string | number | boolean | null;
type JsonObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  return (
    value === null ||
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

export function assertValidEventPattern(pattern: unknown): asserts pattern is EventPattern {
  if (!isPlainObject(pattern)) {
    throw new InvalidEventPatternError("pattern must be a JSON object");
  }
  validateObject(pattern, "");
}

function validateObject(node: JsonObject, path: string): void {
  const keys = Object.keys(node);
  if (keys.length === 0) {
    // event-ruler rejects `{}` at any level ("Empty objects are not allowed").
    throw new InvalidEventPatternError("empty objects are not allowed", path);
  }
  for (const key of keys) {
    const value = node[key];
    const here = join(path, key);
    if (key === OR_KEY) {
      validateOr(value, here);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => validateLeafItem(item, `${here}[${i}]`));
    } else if (isPlainObject(value)) {
      validateObject(value, here);
    } else {
      throw new InvalidEventPatternError("field value must be an array or an object", here);
    }
  }
}

function validateOr(value: unknown, path: string): void {
  if (!Array.isArray(value) || value.length < 2) {
    throw new InvalidEventPatternError("$or must be an array of at least two objects", path);
  }
  value.forEach((branch, i) => {
    if (!isPlainObject(branch)) {
      throw new InvalidEventPatternError("$or may only contain objects", `${path}[${i}]`);
    }
    validateObject(branch, `${path}[${i}]`);
  });
}

function validateLeafItem(item: unknown, path: string): void {
  if (isScalar(item)) return;
  if (!isPlainObject(item)) {
    throw new InvalidEventPatternError("match value must be a string, number, boolean, null or operator object", path);
  }
  const op = singleKey(item, path);
  const arg = item[op];
  const here = join(path, op);
  switch (op) {
    case "prefix":
    case "suffix":
      if (typeof arg === "string") return;
      if (isPlainObject(arg) && singleKey(arg, here) === "equals-ignore-case") {
        requireString(arg["equals-ignore-case"], join(here, "equals-ignore-case"));
        return;
      }
      throw new InvalidEventPatternError(`${op} must be a string or {"equals-ignore-case": string}`, here);
    case "equals-ignore-case":
      requireString(arg, here);
      return;
    case "wildcard":
      requireString(arg, here);
      compileWildcard(arg, here);
      return;
    case "numeric":
      parseNumeric(arg, here);
      return;
    case "cidr":
      requireString(arg, here);
      parseCidr(arg, here);
      return;
    case "exists":
      if (typeof arg !== "boolean") throw new InvalidEventPatternError("exists must be true or false", here);
      return;
    case "anything-but":
      validateAnythingBut(arg, here);
      return;
    default:
      throw new InvalidEventPatternError(`unrecognized match type "${op}"`, path);
  }
}

function validateAnythingBut(arg: unknown, path: string): void {
  if (typeof arg === "string" || (typeof arg === "number" && Number.isFinite(arg))) return;
  if (Array.isArray(arg)) {
    const allStrings = arg.every((v) => typeof v === "string");
    const allNumbers = arg.every((v) => typeof v === "number" && Number.isFinite(v));
    if (arg.length === 0 || !(allStrings || allNumbers)) {
      throw new InvalidEventPatternError("anything-but list must hold only strings or only numbers", path);
    }
    return;
  }
  if (isPlainObject(arg)) {
    const op = singleKey(arg, path);
    const here = join(path, op);
    if (op !== "prefix" && op !== "suffix" && op !== "wildcard" && op !== "equals-ignore-case") {
      throw new InvalidEventPatternError(`unsupported anything-but pattern "${op}"`, path);
    }
    const values = stringOrStringList(arg[op], here);
    if ((op === "prefix" || op === "suffix") && values.some((v) => v === "")) {
      throw new InvalidEventPatternError(`empty ${op} not allowed in anything-but`, here);
    }
    if (op === "wildcard") values.forEach((v) => compileWildcard(v, here));
    return;
  }
  throw new InvalidEventPatternError("anything-but must be a string, number, list or operator object", path);
}

function singleKey(obj: JsonObject, path: string): string {
  const keys = Object.keys(obj);
  if (keys.length !== 1) {
    throw new InvalidEventPatternError("match expression must have exactly one key", path);
  }
  return keys[0] as string;
}

function requireString(value: unknown, path: string): asserts value is string {
  if (typeof value !== "string") throw new InvalidEventPatternError("value must be a string", path);
}

function stringOrStringList(value: unknown, path: string): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string")) {
    return value as string[];
  }
  throw new InvalidEventPatternError("value must be a string or a non-empty list of strings", path);
}

// ---------------------------------------------------------------------------
// Operator helpers
// ---------------------------------------------------------------------------

type Bound = { value: number; inclusive: boolean };
type NumericRange = { lower?: Bound; upper?: Bound };

/**
 * Accepts the forms event-ruler accepts: ["=", n], [">"|">=", n], ["<"|"<=", n]
 * and a lower bound followed by an upper bound ([">", 0, "<=", 5]).
 */
function parseNumeric(arg: unknown, path: string): NumericRange {
  const bad = (why: string): never => {
    throw new InvalidEventPatternError(`numeric ${why}`, path);
  };
  if (!Array.isArray(arg) || (arg.length !== 2 && arg.length !== 4)) {
    return bad('must be an array like [">", 0] or [">", 0, "<=", 5]');
  }
  const [op1, v1, op2, v2] = arg as unknown[];
  const num = (v: unknown): number =>
    typeof v === "number" && Number.isFinite(v) ? v : bad("operands must be finite numbers");
  const first = num(v1);
  if (op1 === "=") {
    if (arg.length !== 2) bad('"=" cannot be combined with another comparison');
    return { lower: { value: first, inclusive: true }, upper: { value: first, inclusive: true } };
  }
  if (op1 === "<" || op1 === "<=") {
    if (arg.length !== 2) bad("an upper bound must come last");
    return { upper: { value: first, inclusive: op1 === "<=" } };
  }
  if (op1 !== ">" && op1 !== ">=") return bad(`unrecognized operator ${JSON.stringify(op1)}`);
  const range: NumericRange = { lower: { value: first, inclusive: op1 === ">=" } };
  if (arg.length === 4) {
    if (op2 !== "<" && op2 !== "<=") bad("second comparison must be < or <=");
    range.upper = { value: num(v2), inclusive: op2 === "<=" };
  }
  return range;
}

function inNumericRange(range: NumericRange, n: number): boolean {
  const { lower, upper } = range;
  if (lower && (lower.inclusive ? n < lower.value : n <= lower.value)) return false;
  if (upper && (upper.inclusive ? n > upper.value : n >= upper.value)) return false;
  return true;
}

/**
 * `*` matches any run of characters (including none); `\*` is a literal star
 * and `\\` a literal backslash. Like event-ruler, consecutive unescaped stars
 * and any other backslash escape are rejected.
 */
function compileWildcard(pattern: string, path: string): RegExp {
  let source = "";
  let previousWasStar = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === "\\") {
      const next = pattern[i + 1];
      if (next !== "*" && next !== "\\") {
        throw new InvalidEventPatternError("wildcard backslash may only escape * or \\", path);
      }
      source += `\\${next}`;
      i++;
      previousWasStar = false;
    } else if (ch === "*") {
      if (previousWasStar) throw new InvalidEventPatternError("consecutive wildcard characters are not allowed", path);
      source += "[\\s\\S]*";
      previousWasStar = true;
    } else {
      source += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      previousWasStar = false;
    }
  }
  return new RegExp(`^${source}$`, "u");
}

type Cidr = { family: 4 | 6; network: bigint; bits: number };

function parseCidr(text: string, path: string): Cidr {
  const slash = text.indexOf("/");
  const address = slash === -1 ? "" : text.slice(0, slash);
  const prefix = slash === -1 ? "" : text.slice(slash + 1);
  const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : 0;
  const width = family === 4 ? 32 : 128;
  if (family === 0 || !/^\d{1,3}$/.test(prefix) || Number(prefix) > width) {
    throw new InvalidEventPatternError(`malformed CIDR "${text}"`, path);
  }
  const bits = Number(prefix);
  return { family, bits, network: maskTo(ipToBigInt(address, family), bits, width) };
}

function maskTo(value: bigint, bits: number, width: number): bigint {
  const hostBits = BigInt(width - bits);
  return (value >> hostBits) << hostBits;
}

function ipToBigInt(address: string, family: 4 | 6): bigint {
  if (family === 4) {
    return address.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
  }
  let text = address.split("%")[0] as string;
  // Fold an embedded dotted-quad tail (::ffff:1.2.3.4) into two hex groups.
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = ipToBigInt(tail, 4);
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = "", rest] = text.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = rest === undefined ? [] : rest ? rest.split(":") : [];
  const fill = rest === undefined ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill("0");
  return [...headGroups, ...fill, ...tailGroups].reduce((acc, group) => (acc << 16n) | BigInt(`0x${group}`), 0n);
}

function cidrContains(cidr: Cidr, candidate: string): boolean {
  const family = isIPv4(candidate) ? 4 : isIPv6(candidate) ? 6 : 0;
  if (family !== cidr.family) return false;
  const width = family === 4 ? 32 : 128;
  return maskTo(ipToBigInt(candidate, family), cidr.bits, width) === cidr.network;
}

function fold(s: string): string {
  return s.toLowerCase();
}

// ---------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------

export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  assertValidEventPattern(pattern);
  return matchObject(pattern, event);
}

/**
 * Matches an object-level pattern against whatever sits at the same place in
 * the event. `value` may be missing or not an object: the named fields are then
 * simply absent, which still satisfies `exists: false`.
 */
function matchObject(pattern: JsonObject, value: unknown): boolean {
  if (Array.isArray(value)) {
    // Arrays of objects are "crushed out": the sub-pattern must match within a
    // single element, so fields from different elements are never combined.
    const elements = flattenArray(value);
    return elements.length === 0
      ? matchObject(pattern, undefined)
      : elements.some((element) => matchObject(pattern, element));
  }
  return Object.entries(pattern).every(([key, sub]) => {
    if (key === OR_KEY) {
      return (sub as JsonObject[]).some((branch) => matchObject(branch, value));
    }
    const child = isPlainObject(value) ? value[key] : undefined;
    return Array.isArray(sub) ? matchLeaf(sub, child) : matchObject(sub as JsonObject, child);
  });
}

function flattenArray(values: unknown[]): unknown[] {
  return values.flatMap((v) => (Array.isArray(v) ? flattenArray(v) : [v]));
}

/** The leaf values present at a field: scalars, with arrays flattened; objects are not leaves. */
function leafValues(value: unknown): Scalar[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return flattenArray(value).filter(isScalar);
  return isScalar(value) ? [value] : [];
}

function matchLeaf(conditions: unknown[], eventValue: unknown): boolean {
  const values = leafValues(eventValue);
  return conditions.some((condition) => {
    if (isPlainObject(condition) && "exists" in condition) {
      return condition["exists"] === values.length > 0;
    }
    return values.some((v) => matchCondition(condition, v));
  });
}

function matchCondition(condition: unknown, v: Scalar): boolean {
  if (!isPlainObject(condition)) return condition === v;
  const [op, arg] = Object.entries(condition)[0] as [string, unknown];
  switch (op) {
    case "prefix":
    case "suffix":
      return typeof v === "string" && affixMatches(op, arg, v);
    case "equals-ignore-case":
      return typeof v === "string" && fold(v) === fold(arg as string);
    case "wildcard":
      return typeof v === "string" && compileWildcard(arg as string, "").test(v);
    case "numeric":
      return typeof v === "number" && inNumericRange(parseNumeric(arg, ""), v);
    case "cidr":
      return typeof v === "string" && cidrContains(parseCidr(arg as string, ""), v);
    case "anything-but":
      return !anythingButExcludes(arg, v);
    default:
      return false;
  }
}

function affixMatches(op: "prefix" | "suffix", arg: unknown, v: string): boolean {
  const ignoreCase = isPlainObject(arg);
  const needle = ignoreCase ? fold(arg["equals-ignore-case"] as string) : (arg as string);
  const hay = ignoreCase ? fold(v) : v;
  return op === "prefix" ? hay.startsWith(needle) : hay.endsWith(needle);
}

/**
 * True when `v` is one of the values anything-but rules out. Excluded strings
 * only rule out strings and excluded numbers only numbers, so any other present
 * value (including null, booleans and numbers against a prefix) passes, as in
 * event-ruler.
 */
function anythingButExcludes(arg: unknown, v: Scalar): boolean {
  if (!isPlainObject(arg)) {
    const excluded = Array.isArray(arg) ? arg : [arg];
    return excluded.includes(v);
  }
  const [op, raw] = Object.entries(arg)[0] as [string, unknown];
  if (typeof v !== "string") return false;
  const values = typeof raw === "string" ? [raw] : (raw as string[]);
  switch (op) {
    case "prefix":
      return values.some((p) => v.startsWith(p));
    case "suffix":
      return values.some((s) => v.endsWith(s));
    case "equals-ignore-case":
      return values.some((s) => fold(s) === fold(v));
    case "wildcard":
      return values.some((w) => compileWildcard(w, "").test(v));
    default:
      return false;
  }
}
