/*
 * fuzz_class - libFuzzer harness: the class reader, its facts and every rule
 */
#include <stddef.h>
#include <stdint.h>

#include "tests/fuzz/fuzz_util.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model *m = fuzz_read(FUZZ_CLASS, data, size);

	if (m != NULL) {
		fuzz_rules(m);
		model_free(m);
	}
	return 0;
}
