/*
 * fuzz_fix - libFuzzer harness: read, fix, re-read
 *
 * The first byte picks the file kind, the rest is the file. What fix
 * makes of a file must parse again, and fixing it again changes nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz_util.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const enum fuzz_kind fixable[] = {
	FUZZ_MAIN_CF, FUZZ_MASTER_CF, FUZZ_SENDMAIL_CF, FUZZ_SENDMAIL_MC,
	FUZZ_ACCESS, FUZZ_ALIASES,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum fuzz_kind kind;
	struct model *m, *again;
	char *fixed, *refixed;
	size_t len, relen;

	if (size == 0)
		return 0;
	kind = fixable[data[0] % (sizeof(fixable) / sizeof(fixable[0]))];
	if ((m = fuzz_read(kind, data + 1, size - 1)) == NULL)
		return 0;
	fixed = fuzz_fix(m, &len);
	model_free(m);
	if (fixed == NULL)
		return 0;
	again = fuzz_read(kind, (const uint8_t *)fixed, len);
	if (again == NULL)
		fuzz_fail("the fixed file does not parse", data, size);
	refixed = fuzz_fix(again, &relen);
	if (refixed != NULL)
		fuzz_fail("fixing the fixed file changes it again", data, size);
	model_free(again);
	free(fixed);
	return 0;
}
