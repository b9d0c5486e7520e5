"""A stream of edits that is killed mid-way by the test: each edit is three cells in one action;
the edit's number is printed only after its transaction committed."""

import sys

from desktop.services import values
from desktop.services.session import open_session

db, first, ids = sys.argv[1], int(sys.argv[2]), [int(x) for x in sys.argv[3].split(",")]
session = open_session(db)
k = first
while True:
    values.enter_values(session=session, items=[(i, 2023, f"{k}") for i in ids], action="压力测试", confirmed=True)
    print(k, flush=True)
    k += 1
