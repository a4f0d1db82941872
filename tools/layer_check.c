/* SPDX-License-Identifier: MIT */
/*
 * layer_check.c - an empty program that the build links with whole layers
 * of rxsim and nothing above them (CMakeLists.txt, layer_check_*): an
 * undefined reference means a layer calls upward.
 */
int main(void)
{
	return 0;
}
