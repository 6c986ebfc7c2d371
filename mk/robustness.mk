# Robustness: fuzzing (mk/fuzz.mk) and valgrind (mk/valgrind.mk)
include mk/fuzz.mk
include mk/valgrind.mk
