#!/usr/bin/python3
"""Writes the XLM-R TorchScript program the Java runtime runs every precision with (no weights in it).

    /usr/bin/python3 tools/make_xlmr_program.py [OUTPUT]

OUTPUT defaults to src/main/resources/org/clinner/model/nn/xlmr-program.pt. Needs Debian's
python3-torch (1.13) only. The program (tools/xlmr_program.py) is scripted with it; the functions whose
body starts with a `# 2.x:` comment are then given that line as their body, in the archive's code, so
that the libtorch DJL loads (2.x) compiles them to the fused kernels 1.13 does not know
(scaled_dot_product_attention's fused attention). The archive keeps no debug tables, whose
source ranges would no longer match.
"""

import inspect
import os
import re
import sys
import zipfile

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import xlmr_program  # noqa: E402

DEFAULT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                       "src/main/resources/org/clinner/model/nn/xlmr-program.pt")


def replacements():
    """The functions to rewrite: name -> the 2.x body line."""
    found = {}
    for name, function in inspect.getmembers(xlmr_program, inspect.isfunction):
        match = re.search(r"^\s*# 2\.x: (.+)$", inspect.getsource(function), re.MULTILINE)
        if match:
            found[name] = match.group(1)
    return found


def rewrite(code, bodies):
    """Replaces the bodies of the module-level functions named in bodies."""
    for name, body in bodies.items():
        pattern = re.compile(r"^(def %s\((?:.|\n)*?\) -> \w+:\n)((?:  .*\n?)+)" % re.escape(name), re.MULTILINE)
        code, count = pattern.subn(lambda m: m.group(1) + "  " + body + "\n", code)
        if count != 1:
            raise SystemExit("function %s found %d times in the scripted code" % (name, count))
    return code


def main():
    output = os.path.normpath(sys.argv[1] if len(sys.argv) > 1 else DEFAULT)
    scripted = torch.jit.script(xlmr_program.XlmrProgram())
    temporary = output + ".tmp"
    scripted.save(temporary)
    bodies = replacements()
    with zipfile.ZipFile(temporary) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as target:
        for entry in source.infolist():
            if entry.filename.endswith(".debug_pkl"):
                continue
            data = source.read(entry.filename)
            if entry.filename.endswith("/xlmr_program.py"):
                data = rewrite(data.decode("utf-8"), bodies).encode("utf-8")
            target.writestr(entry.filename, data)
    os.remove(temporary)
    print("%s: %d bytes, 2.x kernels in %s" % (output, os.path.getsize(output), ", ".join(sorted(bodies))))


if __name__ == "__main__":
    main()
