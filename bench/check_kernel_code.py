#!/usr/bin/env python3
"""Checks in the compiled code that the bounded-confidence kernels decide
"within epsilon?" without a conditional jump.

    bench/check_kernel_code.py [BUILD_DIR]      (default build/release)

g++ 12 compiles `within ? y : 0` into `comisd; jae`, a jump that
mispredicts about half the time while opinions are spread (3.6x slower than
a hand-written loop). The kernels turn the comparison into a mask instead.
For each kernel this disassembles the function (objdump, demangled) and
finds every floating-point comparison (comisd/ucomisd/cmpsd/vcmpsd); the
first instruction after it that reads the flags must be a setcc or cmovcc,
never a jcc. Prints each comparison with the instruction that consumes it,
and exits 1 if any is a jump.
"""
import re
import subprocess
import sys

KERNELS = [
    ("models/CMakeFiles/commsim_models.dir/classic/hegselmann_krause.cpp.o",
     "HegselmannKrause::contact_means("),
    ("models/CMakeFiles/commsim_models.dir/classic/deffuant.cpp.o", "Deffuant::move("),
]
COMPARE = re.compile(r"^(v?u?comisd|v?cmp\w*sd)\b")
READS_FLAGS = re.compile(r"^(j(?!mp)\w+|set\w+|cmov\w+)\b")


def function_body(objdump_lines, name):
    body, inside = [], False
    for line in objdump_lines:
        if re.match(r"^[0-9a-f]+ <.*>:$", line):
            inside = name in line and "cold" not in line
            continue
        if inside and "\t" in line:
            body.append(line.split("\t", 1)[1].strip())
    return body


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build/release"
    failed = False
    for obj, name in KERNELS:
        out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", "-C", f"{build}/{obj}"],
                             check=True, capture_output=True, text=True).stdout.splitlines()
        body = function_body(out, name)
        if not body:
            print(f"{name}: not found in {obj}")
            failed = True
            continue
        compares = 0
        for i, insn in enumerate(body):
            if not COMPARE.match(insn):
                continue
            compares += 1
            consumer = next((x for x in body[i + 1:] if READS_FLAGS.match(x)), "(none)")
            jump = consumer.startswith("j")
            failed |= jump
            print(f"{name}  {insn:<28} -> {consumer:<24} {'JUMP' if jump else 'ok'}")
        if compares == 0:
            print(f"{name}: no floating-point comparison found")
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
