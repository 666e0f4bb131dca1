/* cmdline.c - `key=value` lookup on the kernel command line. */
#include <lib/cmdline.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool cmdline_get(const char *cmdline, const char *key, char *val, size_t cap)
{
	bool found = false;
	const char *p = cmdline;

	while (p && *p) {
		while (is_space(*p))
			p++;
		const char *word = p;
		while (*p && !is_space(*p))
			p++;

		size_t k = 0;
		while (key[k] && word + k < p && word[k] == key[k])
			k++;
		if (key[k] || (word + k < p && word[k] != '='))
			continue;

		found = true;
		if (val && cap > 0) {
			const char *v = word + k + (word + k < p ? 1 : 0);
			size_t n = 0;
			while (v + n < p && n + 1 < cap) {
				val[n] = v[n];
				n++;
			}
			val[n] = '\0';
		}
	}
	return found;
}
