/*
 * fuzz_profile - libFuzzer harness: the YAML profile reader
 *
 * profile_load reads a file (it resolves `extends` against it), so each
 * input is written to a file of this process first.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "linter/engine.h"
#include "linter/rule.h"
#include "profiles/profile.h"
#include "tests/fuzz/fuzz_util.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct profile_error err;
	struct profile *p;
	FILE *f;

	if (path[0] == '\0') {
		const char *tmp = getenv("TMPDIR");

		fuzz_setup();
		snprintf(path, sizeof(path), "%.30s/mh-fuzz-%ld.yaml",
		    tmp != NULL ? tmp : "/tmp", (long)getpid());
	}
	if ((f = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(path);
		abort();
	}
	p = profile_load(path, rule_canon, &err);
	if (p != NULL)
		(void)engine_check_profile(p, err.msg, sizeof(err.msg));
	profile_free(p);
	unlink(path);
	return 0;
}
