#!/usr/bin/perl
# mutate.pl -- mutation testing: does a test notice when a rule changes?
#
#   perl tools/mutate.pl [--jobs N] [--only NAME,...] tests/mutations.txt
#   perl tools/mutate.pl --check tests/mutations.txt   (the list matches the
#                                 tree: every old text once; make test runs it)
#
# Copies the tree (tracked and new files, not build/) into N scratch trees,
# then for each mutation of the list: applies it to one tree, runs
# `make test-fast` there, and puts the file back. A mutation is KILLED when
# make test-fast fails, SURVIVED when it passes (a rule no test pins), and
# BROKEN when the mutated tree does not build (a bad list entry). Prints one
# line per mutation and a summary; exits 0 only when every mutation was
# killed. The list's format is described at the top of tests/mutations.txt.
# Perl, because Debian always has it (perl-base is Essential).
use strict;
use warnings;
use File::Temp qw(tempdir);
use File::Path qw(make_path);
use File::Basename qw(dirname);
use POSIX qw(:sys_wait_h);
use Time::HiRes qw(time);

my ($jobs, $check, %only) = (2, 0);
while (@ARGV && $ARGV[0] =~ /^--/) {
    my $o = shift @ARGV;
    if ($o eq '--jobs') { $jobs = shift @ARGV; }
    elsif ($o eq '--check') { $check = 1; }
    elsif ($o eq '--only') { $only{$_} = 1 for split /,/, shift @ARGV; }
    else { die "mutate.pl: unknown option $o\n"; }
}
my $list = shift @ARGV or die "usage: perl tools/mutate.pl [--jobs N] [--only NAME,...] LIST\n";
$jobs = 1 if $jobs < 1;

# ---- the list: "@ NAME", "file: PATH", "- OLD" lines, "+ NEW" lines
my (@muts, $m);
open my $fh, '<:raw', $list or die "mutate.pl: $list: $!\n";
while (my $line = <$fh>) {
    chomp $line;
    next if $line =~ /^\s*(#|$)/;
    if ($line =~ /^@ (\S+)\s*$/) {
        $m = {name => $1, old => [], new => [], at => $.};
        push @muts, $m;
    } elsif (!$m) {
        die "$list:$.: expected '\@ NAME' first\n";
    } elsif ($line =~ /^file: (\S+)\s*$/) {
        $m->{file} = $1;
    } elsif ($line =~ /^- (.*)$/ || $line eq '-') {
        push @{$m->{old}}, $1 // '';
    } elsif ($line =~ /^\+ (.*)$/ || $line eq '+') {
        push @{$m->{new}}, $1 // '';
    } else {
        die "$list:$.: expected 'file: PATH', '- OLD' or '+ NEW'\n";
    }
}
close $fh;
my %seen;
for my $x (@muts) {
    die "$list:$x->{at}: $x->{name}: needs a file and '- ' lines\n" unless $x->{file} && @{$x->{old}};
    die "$list:$x->{at}: $x->{name}: named twice\n" if $seen{$x->{name}}++;
    $x->{old} = join "\n", @{$x->{old}};
    $x->{new} = join "\n", @{$x->{new}};
    die "$list:$x->{at}: $x->{name}: no file $x->{file}\n" unless -f $x->{file};
    my $src = slurp($x->{file});
    my $n = () = $src =~ /\Q$x->{old}\E/g;
    die "$list:$x->{at}: $x->{name}: the old text occurs $n times in $x->{file} (must be once)\n"
        unless $n == 1;
}
if ($check) {
    print "mutations: " . scalar(@muts) . " passed, 0 failed (each old text found once)\n";
    exit 0;
}
@muts = grep { $only{$_->{name}} } @muts if %only;
die "mutate.pl: no mutation to run\n" unless @muts;

# ---- scratch trees: a copy of what git knows (tracked and untracked, not ignored)
my $root = tempdir('relmark-mutate-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my @files = split /\0/, `git ls-files -z -c -o --exclude-standard`;
die "mutate.pl: run it from the repository's top (git ls-files found nothing)\n" unless @files;
$jobs = @muts if $jobs > @muts;
for my $j (1 .. $jobs) {
    my $t = "$root/t$j";
    for my $f (@files) {
        next if $f =~ m{^build/} || !-f $f;
        make_path(dirname("$t/$f"));
        system('cp', '-p', $f, "$t/$f") == 0 or die "mutate.pl: cannot copy $f\n";
    }
    # build once, unmutated: the baseline must pass, or every mutation "dies"
    print "mutate: building and testing the unmutated copy $j\n";
    if (system("cd '$t' && make -s test-fast > '$root/base$j.log' 2>&1") != 0) {
        print "mutate: the unmutated tree fails make test-fast; see below\n";
        system("tail -n 30 '$root/base$j.log'");
        exit 2;
    }
}

# ---- run: each worker takes the next mutation
my $t0 = time;
my (%running, @todo, @result);
@todo = (0 .. $#muts);
my @free = (1 .. $jobs);
while (@todo || %running) {
    while (@todo && @free) {
        my $i = shift @todo;
        my $j = shift @free;
        my $pid = fork // die "mutate.pl: fork: $!\n";
        if ($pid == 0) { exit run_one($muts[$i], "$root/t$j", "$root/m$i.log"); }
        $running{$pid} = [$i, $j, time];
    }
    my $pid = waitpid(-1, 0);
    last if $pid < 0;
    my ($i, $j, $start) = @{delete $running{$pid}};
    push @free, $j;
    my $code = $? >> 8;
    my $what = $code == 0 ? 'KILLED' : $code == 1 ? 'SURVIVED' : 'BROKEN';
    $result[$i] = $what;
    printf "%-9s %-40s %s (%.0f s)\n", $what, $muts[$i]{name}, $muts[$i]{file}, time - $start;
    if ($what eq 'BROKEN') { system("tail -n 15 '$root/m$i.log'"); }
}
my %n = (KILLED => 0, SURVIVED => 0, BROKEN => 0);
$n{$_}++ for @result;
printf "mutate: %d mutations, %d killed, %d survived, %d broken (%.1f min)\n",
    scalar @muts, $n{KILLED}, $n{SURVIVED}, $n{BROKEN}, (time - $t0) / 60;
if ($n{SURVIVED}) {
    print "survivors (a rule no test pins):";
    print " $muts[$_]{name}" for grep { $result[$_] eq 'SURVIVED' } 0 .. $#muts;
    print "\n";
}
exit($n{SURVIVED} || $n{BROKEN} ? 1 : 0);

# applies one mutation in tree $t, runs the tests, puts the file back;
# exit 0 killed, 1 survived, 2 broken
sub run_one {
    my ($x, $t, $log) = @_;
    my $path = "$t/$x->{file}";
    my $orig = slurp($path);
    my $mut = $orig;
    my $at = index($mut, $x->{old});
    substr($mut, $at, length $x->{old}) = $x->{new};
    spew($path, $mut);
    my $built = system("cd '$t' && make -s all > '$log' 2>&1") == 0;
    my $rc = $built ? system("cd '$t' && make -s test-fast >> '$log' 2>&1") : -1;
    spew($path, $orig); # a fresh mtime: the next make rebuilds what it touched
    return 2 unless $built;
    return $rc == 0 ? 1 : 0;
}

sub slurp {
    my ($p) = @_;
    open my $f, '<:raw', $p or die "mutate.pl: $p: $!\n";
    local $/;
    my $s = <$f>;
    close $f;
    return $s;
}

sub spew {
    my ($p, $s) = @_;
    open my $f, '>:raw', $p or die "mutate.pl: $p: $!\n";
    print $f $s;
    close $f;
}
