using MountViz.Core.Commands;

namespace MountViz.Core.Tests.Commands;

/// <summary>Every kind of line that is not understood gets an error at the right token, with what is accepted.</summary>
public sealed class ParseErrorTests
{
    public static TheoryData<string, int, int, string, string?> Errors => new()
    {
        // line, start, length, part of the message, part of one accepted entry (or null for none)
        { "", 0, 0, "Type a command", "mount --bind SOURCE DIR" },
        { "   # only a comment", 0, 0, "Type a command", "umount [-l] [-R] DIR" },
        { "mnt --bind /a /b", 0, 3, "Did you mean `mount`?", "mount --bind SOURCE DIR" },
        { "unmount /x", 0, 7, "Did you mean `umount`?", "umount [-l] [-R] DIR" },
        { "frobnicate", 0, 10, "`frobnicate` is not a command MountViz knows.", "pivot_root NEW_ROOT PUT_OLD" },
        { "sudo mount --bind /a /b", 0, 4, "drop sudo", "mount --bind SOURCE DIR" },
        { "ls /", 0, 2, "not a lab operation", "mkdir [-p] DIR..." },
        { "> f", 0, 1, "starts with its verb", "echo [-n] TEXT > FILE" },

        // what a shell would do and MountViz does not
        { "mount --bind /a /b; umount /b", 18, 1, "`;` separates commands; one line is one operation", null },
        { "mount --bind /a /b && ls", 19, 2, "`&&` runs a second command", null },
        { "mount --bind /a /b || ls", 19, 2, "`||` runs a second command", null },
        { "mount --bind /a /b | cat", 19, 1, "`|` (a pipe)", null },
        { "mount --bind /a /b &", 19, 1, "in the background", null },
        { "mount --bind /a /b < f", 19, 1, "input redirection", null },
        { "(mount --bind /a /b)", 0, 1, "subshell", null },
        { "mkdir a\nb", 7, 1, "A line break separates commands", null },
        { "mount --bind $(pwd)/a /b", 13, 2, "Command substitution `$(...)`", null },
        { "mount --bind `pwd`/a /b", 13, 1, "backticks", null },
        { "mount --bind \"`pwd`\" /b", 14, 1, "backticks", null },
        { "mount --bind $S/A /b", 13, 2, "write /A where the propagation notes write $S/A", null },
        { "mount --bind ${S}/A /b", 13, 4, "write /A", null },
        { "mount --bind ${HOME}/a /b", 13, 7, "Variables such as `${HOME}` are not expanded", null },
        { "mount --bind \"$X\" /b", 14, 2, "Variables such as `$X`", null },
        { "mount --bind $1 /b", 13, 2, "Variables such as `$1`", null },
        { "mount --bind $'a' /b", 13, 2, "`$'...'` quoting", null },
        { "mkdir /a/*", 9, 1, "wildcard", null },
        { "mkdir /a?", 8, 1, "wildcard", null },
        { "mkdir /a[1]", 8, 1, "wildcard", null },
        { "mkdir ~/x", 6, 1, "lab paths start at /", null },
        { "mkdir /a{b,c}", 8, 1, "brace expansion", null },
        { "mkdir 'unterminated", 6, 1, "single quote is never closed", null },
        { "mkdir x \"unterminated", 8, 1, "double quote is never closed", null },
        { "mkdir x\\", 7, 1, "backslash at the end", null },
        { "mkdir x\0", 7, 1, "NUL", null },
        { "echo hi 2> f", 8, 2, "file descriptor 2", null },
        { "echo hi >& f", 8, 2, "`>&` is not supported", null },
        { "echo hi >| f", 8, 2, "`>|` is not supported", null },
        { "mount --bind /a /b > f", 19, 1, "only echo does here", null },

        // mount
        { "mount", 0, 5, "lists mounts", "mount -t TYPE [-o OPTIONS] SOURCE DIR" },
        { "mount /a /b", 0, 5, "Say what to mount", "mount --rbind SOURCE DIR" },
        { "mount --bind", 12, 0, "Missing SOURCE and DIR: mount --bind SOURCE DIR", "mount --bind SOURCE DIR" },
        { "mount --bind /a", 15, 0, "Missing DIR: mount --bind SOURCE DIR", "mount --bind SOURCE DIR" },
        { "mount --bind /a /b /c", 19, 2, "`/c` is one too many", "mount --bind SOURCE DIR" },
        { "mount --rbind /a", 16, 0, "Missing DIR: mount --rbind SOURCE DIR", null },
        { "mount --move /a", 15, 0, "Missing DIR: mount --move SOURCE DIR", null },
        { "mount --bnd /a /b", 6, 5, "`mount` has no option `--bnd`", "-B, --bind" },
        { "mount -x /a /b", 6, 2, "`mount` has no option `-x`", "--make-rslave" },
        { "mount -Bx /a /b", 6, 3, "`-x` (in `-Bx`)", "-R, --rbind" },
        { "mount --bind=yes /a /b", 6, 10, "`--bind` takes no value", null },
        { "mount --bind --move /a /b", 13, 6, "`--move` and `--bind` are two operations", "mount --move SOURCE DIR" },
        { "mount -o bind,move /a /b", 9, 9, "`-o move` and `-o bind` are two operations", null },
        { "mount --bind --make-shared /a /b", 13, 13, "`--make-shared` and `--bind` are two operations", null },
        { "mount --make-shared --make-private /x", 20, 14, "`--make-private` and `--make-shared` are two operations", null },
        { "mount --make-shared --make-rshared /x", 20, 14, "are two operations", null },
        { "mount --bind -o ro /a /b", 16, 2, "mount -o remount,bind,ro DIR", "mount --bind SOURCE DIR" },
        { "mount --bind -o size=1m /a /b", 16, 7, "an option of a new filesystem", null },
        { "mount --rbind -r /a /b", 14, 2, "bind first, then", null },
        { "mount --move -o ro /a /b", 16, 2, "A move takes no options", "mount --move SOURCE DIR" },
        { "mount -t tmpfs --bind /a /b", 9, 5, "drop -t tmpfs", null },
        { "mount -t tmpfs --move /a /b", 9, 5, "A move mounts an existing directory", null },
        { "mount -t tmpfs /x", 17, 0, "Missing SOURCE or DIR", "mount -t TYPE [-o OPTIONS] SOURCE DIR" },
        { "mount -t tmpfs", 14, 0, "Missing SOURCE and DIR", null },
        { "mount -t tmpfs a b c", 19, 1, "`c` is one too many", null },
        { "mount -t tmpfs -o size=1m,,mode=1 s /x", 18, 15, "empty option between commas", null },
        { "mount -t tmpfs -o '' s /x", 18, 2, "empty list of options", null },
        { "mount -t 'tmp fs' s /x", 9, 8, "not a filesystem type name", "tmpfs" },
        { "mount -t tmpfs '' /x", 15, 2, "The SOURCE cannot be empty", null },
        { "mount -t", 6, 2, "`-t` needs a value: -t, --types TYPE", null },
        { "mount --types", 6, 7, "needs a value", null },
        { "mount -o remount,noatime /x", 9, 15, "`noatime` is not supported", "nosuid" },
        { "mount -o remount,defaults /x", 9, 16, "`defaults` is not supported", null },
        { "mount -o remount,bind,size=2m /x", 9, 20, "drop bind to remount the filesystem", null },
        { "mount -o remount,rbind,ro /x", 9, 16, "A remount does not recurse", null },
        { "mount --rbind -o remount,ro /x", 6, 7, "A remount does not recurse", null },
        { "mount -o remount,ro --move /x", 20, 6, "`--move` and `-o remount` are two operations", null },
        { "mount -o remount /a /b", 20, 2, "takes only the directory", null },
        { "mount -o remount,ro", 19, 0, "Missing DIR", null },
        { "mount -t tmpfs -o remount,ro /x", 9, 5, "A remount changes an existing mount: drop -t", null },
        { "mount --make-shared -o ro /x", 23, 2, "takes no other options", null },
        { "mount --make-shared /a /b", 20, 2, "takes only the directory", null },
        { "mount --make-shared", 19, 0, "Missing DIR", "mount --make-[r]shared|private|slave|unbindable DIR" },
        { "mount -t tmpfs --make-shared /x", 9, 5, "drop -t tmpfs", null },
        { "mount --bind '' /b", 13, 2, "An empty path names nothing", null },

        // umount
        { "umount", 6, 0, "Missing DIR: umount [-l] [-R] DIR", "umount [-l] [-R] DIR" },
        { "umount -f /x", 7, 2, "`umount` has no option `-f`", "-l, --lazy" },
        { "umount -lf /x", 7, 3, "`-f` (in `-lf`)", "-R, --recursive" },
        { "umount --lazy=yes /x", 7, 10, "takes no value", null },
        { "umount /a /b", 10, 2, "`/b` is one too many", null },

        // namespaces
        { "unshare c1", 0, 7, "add -m", "unshare -m [--propagation private|shared|slave|unchanged] [--from NAMESPACE] NAME" },
        { "unshare -m", 10, 0, "Missing NAME", null },
        { "unshare -m --propagation bogus c1", 25, 5, "`bogus` is not a propagation mode", "unchanged" },
        { "unshare -m --propagation=bogus c1", 11, 19, "not a propagation mode", "slave" },
        { "unshare -m --propagation", 11, 13, "needs a value", null },
        { "unshare -m -U c1", 11, 2, "`unshare` has no option `-U`", "--from NAMESPACE" },
        { "unshare -m -r c1", 11, 2, "has no option `-r`", null },
        { "unshare -m --pid c1", 11, 5, "mount namespaces only", null },
        { "unshare -m c1 sleep 600", 14, 5, "runs no command", null },
        { "unshare -m 'bad name'", 11, 10, "is not a namespace name", null },
        { "unshare -m -- -c1", 14, 3, "is not a namespace name", null },
        { "unshare -m --from 'x y' c1", 18, 5, "`x y` is not a namespace name", null },
        { "unshare --mount=/run/ns c1", 8, 15, "`--mount` takes no value", null },
        { "rmns", 4, 0, "Missing NAME", "rmns NAME" },
        { "rmns a b", 7, 1, "one too many", null },
        { "rmns a/b", 5, 3, "not a namespace name", null },

        // the rest
        { "pivot_root /new", 15, 0, "Missing PUT_OLD", "pivot_root NEW_ROOT PUT_OLD" },
        { "pivot_root", 10, 0, "Missing NEW_ROOT and PUT_OLD", null },
        { "pivot_root -x /a /b", 11, 2, "`pivot_root` has no option `-x`", "-- (ends the options)" },
        { "cd", 2, 0, "Missing DIR", "cd DIR" },
        { "cd -", 3, 1, "`cd -`", "cd DIR" },
        { "cd a b", 5, 1, "one too many", null },
        { "cd -P /x", 3, 2, "has no option `-P`", null },
        { "touch", 5, 0, "Missing FILE", "touch FILE..." },
        { "touch -c f", 6, 2, "`touch` has no option `-c`", null },
        { "touch ''", 6, 2, "An empty path", null },
        { "rmdir", 5, 0, "Missing DIR", "rmdir DIR..." },
        { "rmdir -p a/b", 6, 2, "`rmdir` has no option `-p`", null },
        { "mkdir", 5, 0, "Missing DIR", "mkdir [-p] DIR..." },
        { "mkdir -p", 8, 0, "Missing DIR", null },
        { "mkdir -m 700 d", 6, 2, "`mkdir` has no option `-m`", "-p, --parents" },
        { "echo hi", 7, 0, "Missing `> FILE`", "echo [-n] TEXT > FILE" },
        { "echo hi >", 8, 1, "`>` needs a file name", null },
        { "echo hi > > f", 8, 1, "`>` needs a file name", null },
        { "echo hi > a > b", 12, 1, "One redirection per line", null },
        { "echo -e 'a\\n' > f", 5, 2, "echo -e (escape sequences) is not supported", "-n" },
        { "echo -ne x > f", 5, 3, "echo -e", null },
        { "echo hi > ''", 10, 2, "An empty path", null },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Points_at_the_offending_token_and_says_what_is_accepted(string line, int start, int length, string message, string? accepted)
    {
        CommandParseResult result = CommandParser.Parse(line, "/");

        Assert.False(result.Success, $"'{line}' parsed as {result.Operation}");
        CommandError error = result.Error;
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((start, length), (error.Start, error.Length));
        if (accepted is not null)
        {
            Assert.Contains(error.Accepted, a => a.Contains(accepted, StringComparison.Ordinal));
        }

        Assert.Null(result.Operation);
        Assert.Null(result.Resolved);
    }

    [Fact]
    public void Renders_the_line_with_carets_under_the_token()
    {
        const string line = "mount --bnd /a /b";
        CommandError error = CommandParser.Parse(line).Error!;

        Assert.Equal("mount --bnd /a /b\n      ^^^^^", error.Render(line));
        Assert.Equal(7, error.Column);
        Assert.StartsWith("column 7: `mount` has no option `--bnd`. Accepted: -t, --types TYPE; -o, --options OPTIONS; -B, --bind;", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Renders_one_caret_where_something_is_missing()
    {
        const string line = "mount --bind /a";
        CommandError error = CommandParser.Parse(line).Error!;

        Assert.Equal("mount --bind /a\n               ^", error.Render(line));
    }

    [Fact]
    public void An_unknown_verb_lists_every_form()
    {
        CommandError error = CommandParser.Parse("bogus").Error!;

        Assert.Equal(CommandSyntax.AllForms, error.Accepted);
        Assert.Equal(15, error.Accepted.Count);
    }
}
