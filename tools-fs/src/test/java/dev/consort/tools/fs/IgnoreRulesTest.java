package dev.consort.tools.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IgnoreRulesTest {

    @TempDir
    Path root;

    private IgnoreRules rules(String gitignore) throws IOException {
        Files.writeString(root.resolve(".gitignore"), gitignore);
        return IgnoreRules.EMPTY.enter(root, "");
    }

    @Test
    void unanchoredPatternsMatchAtAnyDepthAndAnchoredOnlyAtTheirFolder() throws IOException {
        IgnoreRules rules = rules("*.log\n/build\ndocs/tmp\n");
        assertEquals(true, rules.ignored("a.log", false));
        assertEquals(true, rules.ignored("x/y/a.log", false));
        assertEquals(true, rules.ignored("build", true));
        assertEquals(false, rules.ignored("src/build", true));
        assertEquals(true, rules.ignored("docs/tmp", true));
        assertEquals(false, rules.ignored("x/docs/tmp", true));
    }

    @Test
    void doubleStarSpansFoldersAndTrailingSlashMatchesFoldersOnly() throws IOException {
        IgnoreRules rules = rules("**/gen/\na/**/z.txt\nout/**\n");
        assertEquals(true, rules.ignored("gen", true));
        assertEquals(true, rules.ignored("p/q/gen", true));
        assertEquals(false, rules.ignored("p/gen", false));
        assertEquals(true, rules.ignored("a/z.txt", false));
        assertEquals(true, rules.ignored("a/b/c/z.txt", false));
        assertEquals(true, rules.ignored("out/x/y", false));
        assertEquals(false, rules.ignored("out", true));
    }

    @Test
    void negationReincludesAndTheLastMatchingRuleWins() throws IOException {
        IgnoreRules rules = rules("*.txt\n!keep.txt\nkeep.txt\n!important.txt\n# comment\n\\#hash\n");
        assertEquals(true, rules.ignored("a.txt", false));
        assertEquals(true, rules.ignored("keep.txt", false));
        assertEquals(false, rules.ignored("important.txt", false));
        assertEquals(true, rules.ignored("#hash", false));
    }

    @Test
    void nestedGitignoreAppliesBelowItsFolderOnly() throws IOException {
        Path sub = Files.createDirectories(root.resolve("sub"));
        Files.writeString(sub.resolve(".gitignore"), "/local.txt\n*.tmp\n!root.tmp\n");
        IgnoreRules top = rules("root.tmp\n");
        IgnoreRules inSub = top.enter(sub, "sub");
        assertEquals(true, inSub.ignored("sub/local.txt", false));
        assertEquals(false, inSub.ignored("sub/deeper/local.txt", false));
        assertEquals(true, inSub.ignored("sub/deeper/x.tmp", false));
        assertEquals(false, inSub.ignored("sub/root.tmp", false));
        assertEquals(false, top.ignored("local.txt", false));
        assertEquals(true, top.ignored("root.tmp", false));
    }

    @Test
    void characterClassesAndTheGitFolder() throws IOException {
        IgnoreRules rules = rules("file[0-9].txt\n[!a]*.md\n");
        assertEquals(true, rules.ignored("file7.txt", false));
        assertEquals(false, rules.ignored("filex.txt", false));
        assertEquals(true, rules.ignored("b.md", false));
        assertEquals(false, rules.ignored("a.md", false));
        assertEquals(true, IgnoreRules.EMPTY.ignored(".git", true));
        assertEquals(true, IgnoreRules.EMPTY.ignored("vendor/lib/.git", true));
    }
}
