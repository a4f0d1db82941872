# Sourced by the CLI test scripts: their arguments RXSIM SRCDIR.  Sets
# $rxsim (an absolute path to an executable) and enters SRCDIR.
set -u
if [ $# -ne 2 ]; then
	echo "usage: $0 RXSIM SRCDIR" >&2
	exit 2
fi
rxsim=$1
srcdir=$2
case $rxsim in
/*) ;;
*) rxsim=$PWD/$rxsim ;;
esac
if [ ! -x "$rxsim" ]; then
	echo "$0: $rxsim: not an executable" >&2
	exit 2
fi
cd "$srcdir" || exit 2
