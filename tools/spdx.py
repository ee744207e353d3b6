#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Add the SPDX line to every source file of the repository that lacks one
(run from the top; `--check` lists the files without it and exits 1)."""
import subprocess, sys
LINE = 'SPDX-License-Identifier: MIT'
files = subprocess.run(['git', 'ls-files'], capture_output=True, text=True, check=True).stdout.split('\n')
skip = ('tests/cli/cases/', 'tests/data/', 'fuzz/corpus/')   # data and goldens, not sources
want = [f for f in files if f and not f.startswith(skip) and
        (f.endswith(('.c', '.h', '.sh', '.py')) or f in ('Makefile', '.ci/run'))]
missing = []
for f in want:
    s = open(f, encoding='utf-8').read()
    if LINE in s.split('\n', 3)[:3].__str__():
        continue
    missing.append(f)
    if '--check' in sys.argv:
        continue
    if f.endswith(('.c', '.h')):
        s = '/* ' + LINE + ' */\n' + s
    elif s.startswith('#!'):
        first, rest = s.split('\n', 1)
        s = first + '\n# ' + LINE + '\n' + rest
    else:
        s = '# ' + LINE + '\n' + s
    open(f, 'w', encoding='utf-8').write(s)
if '--check' in sys.argv and missing:
    print('\n'.join(missing)); sys.exit(1)
