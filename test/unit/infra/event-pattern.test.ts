import { describe, expect, it } from "vitest";
import {
  assertValidEventPattern,
  InvalidEventPatternError,
  matchesEventPattern,
  type EventPattern,
} from "../../../infra/local/event-pattern.js";

type Json = Record<string, unknown>;

interface MatchCase {
  name: string;
  pattern: EventPattern;
  event: unknown;
  expected: boolean;
}

/** The EC2 state-change event used throughout the AWS EventBridge user guide. */
const ec2Event = {
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "111122223333",
  time: "2017-12-22T18:43:48Z",
  region: "us-west-1",
  resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  detail: { "instance-id": "i-1234567890abcdef0", state: "terminated" },
};

/** The content-filtering sample event (also the event-ruler README event). */
const contentEvent = {
  version: "0",
  id: "ddddd4-aaaa-7777-4444-345dd43cc333",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "012345679012",
  time: "2017-10-02T16:24:49Z",
  region: "us-east-1",
  resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000"],
  detail: {
    "c-count": 5,
    "d-count": 3,
    "x-limit": 301.8,
    "source-ip": "10.0.0.33",
    "instance-id": "i-000000aaaaaa00000",
    state: "running",
  },
};

/** A full event envelope around an arbitrary detail object. */
function withDetail(detail: Json, overrides: Json = {}): Json {
  return {
    version: "0",
    id: "7bf73129-1428-4cd3-a780-95db273d1602",
    "detail-type": "Example",
    source: "com.example",
    account: "123456789012",
    time: "2015-11-11T21:29:54Z",
    region: "us-east-1",
    resources: [],
    detail,
    ...overrides,
  };
}

const complexPattern: EventPattern = {
  time: [{ prefix: "2017-10-02" }],
  detail: {
    state: [{ "anything-but": "initializing" }],
    "c-count": [{ numeric: [">", 0, "<=", 5] }],
    "d-count": [{ numeric: ["<", 10] }],
    "x-limit": [{ "anything-but": [100, 200, 300] }],
  },
};

const ec2TerminatedPattern: EventPattern = {
  source: ["aws.ec2"],
  "detail-type": ["EC2 Instance State-change Notification"],
  detail: { state: ["terminated"] },
};

/*
 * Cases are taken from the AWS EventBridge user guide pages
 * "Amazon EventBridge event patterns" / "Event pattern syntax",
 * "Content filtering in Amazon EventBridge event patterns",
 * "Comparison operators for use in event patterns in Amazon EventBridge",
 * "Arrays in Amazon EventBridge event patterns" and
 * "Matching events on event field values", plus the aws/event-ruler README
 * ("$or" and JSON array matching) that those pages defer to.
 */
const matchCases: MatchCase[] = [
  // --- Event pattern syntax -------------------------------------------------
  { name: "EC2 terminated pattern matches the terminated event", pattern: ec2TerminatedPattern, event: ec2Event, expected: true },
  {
    name: "EC2 terminated pattern rejects a running instance",
    pattern: ec2TerminatedPattern,
    event: { ...ec2Event, detail: { ...ec2Event.detail, state: "running" } },
    expected: false,
  },
  { name: "value list is an OR (aws.ec2 or aws.fargate)", pattern: { source: ["aws.ec2", "aws.fargate"] }, event: { ...ec2Event, source: "aws.fargate" }, expected: true },
  { name: "value list is an OR and still needs one hit", pattern: { source: ["aws.ec2", "aws.fargate"] }, event: { ...ec2Event, source: "aws.s3" }, expected: false },
  { name: "field named in the pattern but missing from the event fails", pattern: { detail: { "previous-state": ["running"] } }, event: ec2Event, expected: false },
  { name: "nesting must match: top-level state is not detail.state", pattern: { state: ["terminated"] }, event: ec2Event, expected: false },
  { name: "matching is case-sensitive by default", pattern: { source: ["AWS.EC2"] }, event: ec2Event, expected: false },

  // --- Matching events on event field values --------------------------------
  {
    name: "null matches a null field",
    pattern: { source: ["aws.autoscaling"], detail: { responseElements: [null] } },
    event: withDetail({ eventVersion: "", responseElements: null }, { source: "aws.autoscaling" }),
    expected: true,
  },
  { name: "empty string matches an empty field", pattern: { detail: { eventVersion: [""] } }, event: withDetail({ eventVersion: "", responseElements: null }), expected: true },
  { name: "null does not match an empty string", pattern: { detail: { eventVersion: [null] } }, event: withDetail({ eventVersion: "" }), expected: false },
  {
    name: "nested numeric values (Macie severity score 1 and count 2)",
    pattern: { source: ["aws.macie"], detail: { severity: { score: [1] }, count: [2] } },
    event: withDetail({ severity: { score: 1, description: "Low" }, count: 2 }, { source: "aws.macie" }),
    expected: true,
  },
  { name: "numbers compare by value (300 matches 3.0e2)", pattern: { detail: { price: [300] } }, event: withDetail({ price: 3.0e2 }), expected: true },
  { name: "a number does not match its string form", pattern: { detail: { price: [300] } }, event: withDetail({ price: "300" }), expected: false },
  { name: "booleans match exactly", pattern: { detail: { enabled: [true] } }, event: withDetail({ enabled: false }), expected: false },

  // --- Arrays ---------------------------------------------------------------
  {
    name: "arrays: pattern and event arrays intersect",
    pattern: {
      resources: [
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f",
      ],
    },
    event: {
      ...ec2Event,
      resources: [
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
      ],
    },
    expected: true,
  },
  {
    name: "arrays: disjoint pattern and event arrays do not match",
    pattern: { resources: ["arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f"] },
    event: { ...ec2Event, resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"] },
    expected: false,
  },
  {
    name: "arrays of objects: a sub-pattern matches inside one element",
    pattern: { detail: { employees: { firstName: ["Anna"] } } },
    event: withDetail({ employees: [{ firstName: "John", lastName: "Doe" }, { firstName: "Anna", lastName: "Smith" }] }),
    expected: true,
  },
  {
    name: "arrays of objects: fields are not combined across elements",
    pattern: { detail: { employees: { firstName: ["Anna"], lastName: ["Jones"] } } },
    event: withDetail({ employees: [{ firstName: "Anna", lastName: "Smith" }, { firstName: "Peter", lastName: "Jones" }] }),
    expected: false,
  },
  { name: "operators apply to each element of an event array", pattern: { detail: { tags: [{ prefix: "env:" }] } }, event: withDetail({ tags: ["team:a", "env:prod"] }), expected: true },
  { name: "empty value list in the pattern matches nothing", pattern: { source: [] }, event: ec2Event, expected: false },

  // --- Prefix / suffix ------------------------------------------------------
  { name: "prefix matches the start of time", pattern: { time: [{ prefix: "2017-10-02" }] }, event: contentEvent, expected: true },
  { name: "prefix rejects a different date", pattern: { time: [{ prefix: "2017-10-03" }] }, event: contentEvent, expected: false },
  { name: "prefix only applies to strings", pattern: { detail: { "c-count": [{ prefix: "5" }] } }, event: contentEvent, expected: false },
  { name: "prefix equals-ignore-case matches EVENTBRIDGE", pattern: { detail: { service: [{ prefix: { "equals-ignore-case": "EventB" } }] } }, event: withDetail({ service: "EVENTBRIDGE" }), expected: true },
  { name: "prefix equals-ignore-case still needs the prefix", pattern: { detail: { service: [{ prefix: { "equals-ignore-case": "EventB" } }] } }, event: withDetail({ service: "Lambda" }), expected: false },
  { name: "suffix matches a .png file", pattern: { detail: { FileName: [{ suffix: ".png" }] } }, event: withDetail({ FileName: "image.png" }), expected: true },
  { name: "suffix is case-sensitive", pattern: { detail: { FileName: [{ suffix: ".png" }] } }, event: withDetail({ FileName: "image.PNG" }), expected: false },
  { name: "suffix equals-ignore-case matches .PNG", pattern: { detail: { FileName: [{ suffix: { "equals-ignore-case": ".png" } }] } }, event: withDetail({ FileName: "image.PNG" }), expected: true },
  { name: "suffix equals-ignore-case rejects .jpg", pattern: { detail: { FileName: [{ suffix: { "equals-ignore-case": ".png" } }] } }, event: withDetail({ FileName: "image.jpg" }), expected: false },

  // --- Anything-but ---------------------------------------------------------
  { name: "anything-but string passes another value", pattern: { detail: { state: [{ "anything-but": "initializing" }] } }, event: contentEvent, expected: true },
  { name: "anything-but string rejects that value", pattern: { detail: { state: [{ "anything-but": "initializing" }] } }, event: withDetail({ state: "initializing" }), expected: false },
  { name: "anything-but number passes another number", pattern: { detail: { "x-limit": [{ "anything-but": 123 }] } }, event: contentEvent, expected: true },
  { name: "anything-but number rejects that number", pattern: { detail: { "x-limit": [{ "anything-but": 123 }] } }, event: withDetail({ "x-limit": 123 }), expected: false },
  { name: "anything-but string list rejects a listed value", pattern: { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } }, event: withDetail({ state: "overloaded" }), expected: false },
  { name: "anything-but string list passes an unlisted value", pattern: { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } }, event: withDetail({ state: "running" }), expected: true },
  { name: "anything-but number list rejects a listed value", pattern: { detail: { "x-limit": [{ "anything-but": [100, 200, 300] }] } }, event: withDetail({ "x-limit": 200 }), expected: false },
  { name: "anything-but prefix rejects initializing", pattern: { detail: { state: [{ "anything-but": { prefix: "init" } }] } }, event: withDetail({ state: "initializing" }), expected: false },
  { name: "anything-but prefix passes running", pattern: { detail: { state: [{ "anything-but": { prefix: "init" } }] } }, event: contentEvent, expected: true },
  { name: "anything-but suffix rejects a .png file", pattern: { detail: { FileName: [{ "anything-but": { suffix: ".png" } }] } }, event: withDetail({ FileName: "photo.png" }), expected: false },
  { name: "anything-but suffix passes a .jpg file", pattern: { detail: { FileName: [{ "anything-but": { suffix: ".png" } }] } }, event: withDetail({ FileName: "photo.jpg" }), expected: true },
  { name: "anything-but equals-ignore-case rejects INITIALIZING", pattern: { detail: { state: [{ "anything-but": { "equals-ignore-case": "initializing" } }] } }, event: withDetail({ state: "INITIALIZING" }), expected: false },
  { name: "anything-but equals-ignore-case list passes other values", pattern: { detail: { state: [{ "anything-but": { "equals-ignore-case": ["Stopped", "OverLoaded"] } }] } }, event: withDetail({ state: "running" }), expected: true },
  { name: "anything-but wildcard rejects a path under /lib/", pattern: { detail: { FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] } }, event: withDetail({ FilePath: "/usr/lib/libc.so" }), expected: false },
  { name: "anything-but wildcard passes a path outside /lib/", pattern: { detail: { FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] } }, event: withDetail({ FilePath: "/usr/bin/env" }), expected: true },
  { name: "anything-but needs the field to be present", pattern: { detail: { state: [{ "anything-but": "initializing" }] } }, event: withDetail({}), expected: false },
  { name: "anything-but over an event array passes if any element passes", pattern: { detail: { states: [{ "anything-but": "stopped" }] } }, event: withDetail({ states: ["stopped", "running"] }), expected: true },

  // --- Numeric --------------------------------------------------------------
  { name: "numeric range > 0 <= 5 includes 5", pattern: { detail: { "c-count": [{ numeric: [">", 0, "<=", 5] }] } }, event: contentEvent, expected: true },
  { name: "numeric range > 0 excludes 0", pattern: { detail: { "c-count": [{ numeric: [">", 0, "<=", 5] }] } }, event: withDetail({ "c-count": 0 }), expected: false },
  { name: "numeric range <= 5 excludes 5.5", pattern: { detail: { "c-count": [{ numeric: [">", 0, "<=", 5] }] } }, event: withDetail({ "c-count": 5.5 }), expected: false },
  { name: "numeric = 3.018e2 matches 301.8", pattern: { detail: { "x-limit": [{ numeric: ["=", 3.018e2] }] } }, event: contentEvent, expected: true },
  { name: "numeric = 100 rejects 101 (Price example)", pattern: { detail: { Price: [{ numeric: ["=", 100] }] } }, event: withDetail({ Price: 101 }), expected: false },
  { name: "numeric >= 10 < 20 includes the lower bound", pattern: { detail: { Price: [{ numeric: [">=", 10, "<", 20] }] } }, event: withDetail({ Price: 10 }), expected: true },
  { name: "numeric only matches JSON numbers, not numeric strings", pattern: { detail: { "d-count": [{ numeric: ["<", 10] }] } }, event: withDetail({ "d-count": "3" }), expected: false },
  { name: "complex example (prefix + anything-but + numeric) matches", pattern: complexPattern, event: contentEvent, expected: true },
  {
    name: "complex example fails when one field fails",
    pattern: complexPattern,
    event: { ...contentEvent, detail: { ...contentEvent.detail, "x-limit": 300 } },
    expected: false,
  },

  // --- IP address (cidr) ----------------------------------------------------
  { name: "cidr 10.0.0.0/24 contains 10.0.0.33", pattern: { detail: { "source-ip": [{ cidr: "10.0.0.0/24" }] } }, event: contentEvent, expected: true },
  { name: "cidr 10.0.0.0/24 contains 10.0.0.255", pattern: { detail: { sourceIPAddress: [{ cidr: "10.0.0.0/24" }] } }, event: withDetail({ sourceIPAddress: "10.0.0.255" }), expected: true },
  { name: "cidr 10.0.0.0/24 excludes 10.0.1.1", pattern: { detail: { sourceIPAddress: [{ cidr: "10.0.0.0/24" }] } }, event: withDetail({ sourceIPAddress: "10.0.1.1" }), expected: false },
  { name: "cidr works for IPv6", pattern: { detail: { sourceIPAddress: [{ cidr: "2001:db8::/32" }] } }, event: withDetail({ sourceIPAddress: "2001:db8:1::1" }), expected: true },
  { name: "cidr IPv6 excludes another network", pattern: { detail: { sourceIPAddress: [{ cidr: "2001:db8::/32" }] } }, event: withDetail({ sourceIPAddress: "2001:db9::1" }), expected: false },
  { name: "cidr ignores non-IP values", pattern: { detail: { sourceIPAddress: [{ cidr: "10.0.0.0/8" }] } }, event: withDetail({ sourceIPAddress: "not-an-ip" }), expected: false },

  // --- Exists ---------------------------------------------------------------
  { name: "exists true matches a present detail.state", pattern: { detail: { state: [{ exists: true }] } }, event: withDetail({ "instance-id": "i-abcd1111", state: "pending" }), expected: true },
  { name: "exists true fails when detail.state is absent", pattern: { detail: { state: [{ exists: true }] } }, event: withDetail({ "c-count": { c1: 100 } }), expected: false },
  { name: "exists false matches when detail.c-count is absent", pattern: { detail: { "c-count": [{ exists: false }] } }, event: withDetail({ state: ["initializing", "running"] }), expected: true },
  { name: "exists false matches when c-count is an object (not a leaf)", pattern: { detail: { "c-count": [{ exists: false }] } }, event: withDetail({ state: "running", "c-count": { c1: 100 } }), expected: true },
  { name: "exists true fails when the field is an object (not a leaf)", pattern: { detail: { "c-count": [{ exists: true }] } }, event: withDetail({ "c-count": { c1: 100 } }), expected: false },
  { name: "exists false fails when the leaf is present", pattern: { detail: { "c-count": [{ exists: false }] } }, event: contentEvent, expected: false },
  { name: "exists true counts a null value as present", pattern: { detail: { UserID: [{ exists: true }] } }, event: withDetail({ UserID: null }), expected: true },
  { name: "exists false matches when the parent object is missing", pattern: { detail: { meta: { trace: [{ exists: false }] } } }, event: withDetail({}), expected: true },

  // --- Equals-ignore-case / wildcard -----------------------------------------
  { name: "equals-ignore-case matches ALICE", pattern: { detail: { Name: [{ "equals-ignore-case": "alice" }] } }, event: withDetail({ Name: "ALICE" }), expected: true },
  { name: "equals-ignore-case is still whole-value", pattern: { detail: { Name: [{ "equals-ignore-case": "alice" }] } }, event: withDetail({ Name: "Alicia" }), expected: false },
  { name: "wildcard dir/*.png matches a png in dir", pattern: { detail: { FileName: [{ wildcard: "dir/*.png" }] } }, event: withDetail({ FileName: "dir/icon.png" }), expected: true },
  { name: "wildcard dir/*.png rejects a jpg", pattern: { detail: { FileName: [{ wildcard: "dir/*.png" }] } }, event: withDetail({ FileName: "dir/icon.jpg" }), expected: false },
  { name: "wildcard is anchored at both ends", pattern: { detail: { FileName: [{ wildcard: "dir/*" }] } }, event: withDetail({ FileName: "xdir/icon.png" }), expected: false },
  { name: "wildcard Simple*Service matches SimpleQueueService", pattern: { source: [{ wildcard: "Simple*Service" }] }, event: { ...ec2Event, source: "SimpleQueueService" }, expected: true },
  { name: "wildcard \\* is a literal star", pattern: { detail: { FileName: [{ wildcard: "a\\*b" }] } }, event: withDetail({ FileName: "a*b" }), expected: true },
  { name: "wildcard \\* does not act as a wildcard", pattern: { detail: { FileName: [{ wildcard: "a\\*b" }] } }, event: withDetail({ FileName: "aXb" }), expected: false },

  // --- $or ------------------------------------------------------------------
  { name: "$or matches on the first branch (Location)", pattern: { detail: { $or: [{ Location: ["New York"] }, { Day: ["Monday"] }] } }, event: withDetail({ Location: "New York", Day: "Friday" }), expected: true },
  { name: "$or matches on the second branch (Day)", pattern: { detail: { $or: [{ Location: ["New York"] }, { Day: ["Monday"] }] } }, event: withDetail({ Location: "Boston", Day: "Monday" }), expected: true },
  { name: "$or fails when no branch matches", pattern: { detail: { $or: [{ Location: ["New York"] }, { Day: ["Monday"] }] } }, event: withDetail({ Location: "Boston", Day: "Friday" }), expected: false },
  {
    name: "$or of numeric conditions (c-count, d-count, x-limit)",
    pattern: {
      detail: {
        $or: [{ "c-count": [{ numeric: [">", 0, "<=", 5] }] }, { "d-count": [{ numeric: ["<", 10] }] }, { "x-limit": [{ numeric: ["=", 3.018e2] }] }],
      },
    },
    event: withDetail({ "c-count": 50, "d-count": 50, "x-limit": 301.8 }),
    expected: true,
  },
  {
    name: "$or is ANDed with sibling fields",
    pattern: { source: ["aws.cloudwatch"], $or: [{ detail: { metricName: ["CPUUtilization"] } }, { detail: { namespace: ["AWS/EC2"] } }] },
    event: withDetail({ namespace: "AWS/EC2" }, { source: "aws.ec2" }),
    expected: false,
  },
  {
    name: "nested $or inside an $or branch",
    pattern: {
      source: ["aws.cloudwatch"],
      detail: {
        $or: [
          { metricName: ["CPUUtilization", "ReadLatency"] },
          { metricType: ["MetricType"], namespace: ["AWS/EC2", "AWS/ES"], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
          { scope: ["Service"] },
        ],
      },
    },
    event: withDetail({ metricType: "MetricType", namespace: "AWS/ES", spaceId: 1000 }, { source: "aws.cloudwatch" }),
    expected: true,
  },
  {
    name: "nested $or fails when the inner $or fails",
    pattern: {
      source: ["aws.cloudwatch"],
      detail: {
        $or: [
          { metricName: ["CPUUtilization", "ReadLatency"] },
          { metricType: ["MetricType"], namespace: ["AWS/EC2", "AWS/ES"], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
          { scope: ["Service"] },
        ],
      },
    },
    event: withDetail({ metricType: "MetricType", namespace: "AWS/ES", spaceId: 999 }, { source: "aws.cloudwatch" }),
    expected: false,
  },
];

interface InvalidCase {
  name: string;
  pattern: unknown;
}

const invalidCases: InvalidCase[] = [
  { name: "a string instead of an object", pattern: '{"source":["aws.ec2"]}' },
  { name: "null", pattern: null },
  { name: "a top-level array", pattern: [{ source: ["aws.ec2"] }] },
  { name: "an empty object", pattern: {} },
  { name: "a leaf that is not an array", pattern: { source: "aws.ec2" } },
  { name: "a nested empty object", pattern: { detail: {} } },
  { name: "an unknown operator", pattern: { source: [{ contains: "ec2" }] } },
  { name: "an operator object with two keys", pattern: { source: [{ prefix: "aws.", suffix: "ec2" }] } },
  { name: "a nested array as a match value", pattern: { source: [["aws.ec2"]] } },
  { name: "numeric with a non-number operand", pattern: { detail: { n: [{ numeric: [">", "0"] }] } } },
  { name: "numeric with the upper bound first", pattern: { detail: { n: [{ numeric: ["<", 5, ">", 0] }] } } },
  { name: "numeric with an unknown operator", pattern: { detail: { n: [{ numeric: ["!=", 5] }] } } },
  { name: "exists that is not a boolean", pattern: { detail: { n: [{ exists: "true" }] } } },
  { name: "anything-but with a mixed list", pattern: { detail: { n: [{ "anything-but": ["a", 1] }] } } },
  { name: "anything-but with an unsupported operator", pattern: { detail: { n: [{ "anything-but": { numeric: [">", 1] } }] } } },
  { name: "wildcard with consecutive stars", pattern: { detail: { f: [{ wildcard: "dir/**.png" }] } } },
  { name: "wildcard escaping a plain character", pattern: { detail: { f: [{ wildcard: "a\\b" }] } } },
  { name: "cidr with a prefix length over 32", pattern: { detail: { ip: [{ cidr: "10.0.0.0/33" }] } } },
  { name: "cidr that is not an address", pattern: { detail: { ip: [{ cidr: "ten/8" }] } } },
  { name: "$or with a single branch", pattern: { $or: [{ source: ["aws.ec2"] }] } },
  { name: "$or that is not an array", pattern: { $or: { source: ["aws.ec2"] } } },
  { name: "prefix equals-ignore-case with a number", pattern: { source: [{ prefix: { "equals-ignore-case": 5 } }] } },
];

describe("matchesEventPattern (AWS EventBridge documented examples)", () => {
  it("has a substantial case table", () => {
    expect(matchCases.length).toBeGreaterThanOrEqual(45);
    expect(matchCases.some((c) => c.expected)).toBe(true);
    expect(matchCases.some((c) => !c.expected)).toBe(true);
  });

  it.each(matchCases)("$name", ({ pattern, event, expected }) => {
    expect(() => assertValidEventPattern(pattern)).not.toThrow();
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });
});

describe("assertValidEventPattern", () => {
  it.each(invalidCases)("rejects $name", ({ pattern }) => {
    expect(() => assertValidEventPattern(pattern)).toThrow(InvalidEventPatternError);
  });

  it("accepts the documented complex pattern", () => {
    expect(() => assertValidEventPattern(complexPattern)).not.toThrow();
  });

  it("makes matchesEventPattern throw for a malformed pattern", () => {
    expect(() => matchesEventPattern({ source: "aws.ec2" } as EventPattern, ec2Event)).toThrow(InvalidEventPatternError);
  });

  it("reports where the pattern is wrong", () => {
    let caught: unknown;
    try {
      assertValidEventPattern({ detail: { state: [{ bogus: 1 }] } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidEventPatternError);
    expect((caught as InvalidEventPatternError).message).toContain("detail.state");
  });
});
