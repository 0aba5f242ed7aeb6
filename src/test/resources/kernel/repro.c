/*
 * Reproducer of the test kernel history (prepare-tree.sh): sets a long host name (commits 12..17 warn about
 * it: the unrelated crash), then creates the directory the culprit warns about.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	const char *host = "culprit-test-machine";
	int rc = sethostname(host, strlen(host));
	printf("repro: sethostname = %d\n", rc);
	rc = mkdir("/tmp/bisect-me", 0755);
	printf("repro: mkdir(/tmp/bisect-me) = %d (%s)\n", rc, rc ? strerror(errno) : "ok");
	return 0;
}
