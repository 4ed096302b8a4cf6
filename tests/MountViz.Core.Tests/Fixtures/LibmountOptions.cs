namespace MountViz.Core.Tests.Fixtures;

/// <summary>
/// libmount's option-string handling, re-done here so tests can derive what libmount and findmnt
/// print from MountViz's fields (util-linux libmount/src/fs.c <c>merge_optstr</c>, optstr.c).
/// </summary>
internal static class LibmountOptions
{
    /// <summary>
    /// <c>merge_optstr(vfs, fs)</c>: VFS options then FS options, with <c>rw</c> given once; <c>ro</c>
    /// wins if either side is read-only, and leads the result.
    /// </summary>
    public static string Merge(string vfs, string fs)
    {
        if (vfs == fs)
        {
            return vfs;
        }

        List<string> options = [.. Split(vfs), .. Split(fs)];
        int rw = (Remove(options, "rw") ? 1 : 0) + (Remove(options, "rw") ? 1 : 0);
        int ro = 0;
        if (rw != 2)
        {
            ro += Remove(options, "ro") ? 1 : 0;
            if (ro + rw < 2)
            {
                ro += Remove(options, "ro") ? 1 : 0;
            }
        }

        string flag = ro > 0 ? "ro" : "rw";
        return options.Count == 0 ? flag : flag + "," + string.Join(',', options);
    }

    /// <summary>Splits an option string on commas that are not inside double quotes (as libmount and kubernetes do).</summary>
    public static List<string> Split(string optstr)
    {
        var result = new List<string>();
        int start = 0;
        bool quoted = false;
        for (int i = 0; i < optstr.Length; i++)
        {
            if (optstr[i] == '"')
            {
                quoted = !quoted;
            }
            else if (optstr[i] == ',' && !quoted)
            {
                result.Add(optstr[start..i]);
                start = i + 1;
            }
        }

        result.Add(optstr[start..]);
        return result;
    }

    // mnt_optstr_remove_option: removes the first option with exactly this name (and no value).
    private static bool Remove(List<string> options, string name)
    {
        int index = options.IndexOf(name);
        if (index < 0)
        {
            return false;
        }

        options.RemoveAt(index);
        return true;
    }
}
