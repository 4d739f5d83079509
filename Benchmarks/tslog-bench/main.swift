// The benchmark lands with the performance issue.
print("tslog-bench: not written yet")
