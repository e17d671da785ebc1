"""Edits the dev cloud's Glance policy overrides (scripts/devcloud.sh policy).

    policy.py FILE set RULE CHECK   override one rule ("add_image" "role:admin")
    policy.py FILE reset            drop every override: Glance's registered defaults apply
    policy.py FILE show             print the overrides

The rule name must be one Glance registers and the check string must parse: oslo.policy
ignores an override of an unknown name and turns an unparsable check into "deny" with only a
log line, either of which would make a test pass or fail for the wrong reason.

The file is replaced atomically with an mtime strictly later than the old one: oslo.policy
re-reads a policy file only when its mtime has grown, and two writes within one tick of the
kernel's coarse file clock would otherwise look unchanged.
"""

import logging
import os
import sys
import time

import yaml

HEADER = """\
# Glance policy overrides for the dev cloud, written by `scripts/devcloud.sh policy`; reset
# whenever devcloud.sh starts Glance. Rules not listed keep Glance's registered defaults.
"""


def fail(message):
    sys.exit("devcloud: policy: " + message)


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
    except FileNotFoundError:
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        fail("%s does not hold a mapping of rule: check" % path)
    return data


def write(path, rules):
    try:
        old_ns = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        old_ns = 0
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(HEADER)
        f.write(yaml.safe_dump(dict(sorted(rules.items())), default_flow_style=False))
    # 1 ms, not 1 ns: oslo.policy compares os.path.getmtime() floats, which can't tell
    # nanoseconds apart at today's epoch.
    new_ns = max(time.time_ns(), old_ns + 1_000_000)
    os.utime(tmp, ns=(new_ns, new_ns))
    os.replace(tmp, path)


def check_rule(name, check):
    import glance.policies
    from oslo_policy import _parser

    registered = {rule.name for rule in glance.policies.list_rules()}
    if name not in registered:
        fail("%r is not a Glance policy rule (Glance 33 has: %s)"
             % (name, ", ".join(sorted(registered))))

    # parse_rule reports a syntax error only as a log record and returns a deny-all check.
    errors = []

    class Collect(logging.Handler):
        def emit(self, record):
            errors.append(record.getMessage())

    parser_log = logging.getLogger(_parser.__name__)
    handler = Collect(level=logging.ERROR)
    parser_log.addHandler(handler)
    parser_log.propagate = False
    try:
        _parser.parse_rule(check)
    finally:
        parser_log.removeHandler(handler)
    if errors:
        fail("check string %r does not parse: %s" % (check, errors[0]))


def main(argv):
    if len(argv) < 2:
        fail("usage: policy.py FILE set RULE CHECK | FILE reset | FILE show")
    path, command, args = argv[0], argv[1], argv[2:]
    if command == "set" and len(args) == 2:
        name, check = args
        check_rule(name, check)
        rules = read(path)
        rules[name] = check
        write(path, rules)
    elif command == "reset" and not args:
        write(path, {})
    elif command == "show" and not args:
        rules = read(path)
        for name, check in sorted(rules.items()):
            print("%s: %s" % (name, check))
    else:
        fail("usage: policy.py FILE set RULE CHECK | FILE reset | FILE show")


if __name__ == "__main__":
    main(sys.argv[1:])
