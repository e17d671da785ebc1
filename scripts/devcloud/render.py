"""Renders a dev cloud template (scripts/devcloud.sh) with string.Template.

    render.py TEMPLATE OUTPUT NAME...   fill ${NAME} placeholders from the environment
    render.py --check TEMPLATE...       only check that every placeholder is well formed

Values come from the environment rather than the command line so that passwords stay out of
ps. Only the NAMEs given are substituted, and both a placeholder without a NAME and a NAME
without a placeholder are errors, so a typo on either side fails the start instead of
producing a config with a literal "${...}" (oslo.config would read that as its own
interpolation) or a silently missing setting. The output is replaced atomically and is only
readable by its owner, as it may hold passwords.
"""

import os
import string
import sys


def fail(message):
    sys.exit("render.py: " + message)


def load(path):
    with open(path, encoding="utf-8") as f:
        template = string.Template(f.read())
    if not template.is_valid():
        # substitute() would name the offending position; is_valid() alone does not.
        try:
            template.substitute({name: "" for name in template.get_identifiers()})
        except ValueError as e:
            fail("%s: %s (write a literal $ as $$)" % (path, e))
    return template


def main(argv):
    if len(argv) >= 2 and argv[0] == "--check":
        for path in argv[1:]:
            load(path)
        return
    if len(argv) < 2:
        fail("usage: render.py TEMPLATE OUTPUT NAME... | render.py --check TEMPLATE...")
    src, out, names = argv[0], argv[1], argv[2:]
    template = load(src)
    used = set(template.get_identifiers())
    given = set(names)
    if used - given:
        fail("%s: no value given for %s" % (src, ", ".join(sorted(used - given))))
    if given - used:
        fail("%s: has no placeholder for %s" % (src, ", ".join(sorted(given - used))))
    missing = sorted(n for n in names if n not in os.environ)
    if missing:
        fail("%s: %s not set in the environment" % (src, ", ".join(missing)))
    text = template.substitute({n: os.environ[n] for n in names})
    tmp = out + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, out)


if __name__ == "__main__":
    main(sys.argv[1:])
