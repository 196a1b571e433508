package dev.consort.tools.shell;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Totals of the JUnit XML reports written since a run started. */
final class JUnitReports {

    int tests;
    int failed;
    int errors;
    int skipped;
    int reports;
    final List<Map<String, Object>> failures = new ArrayList<>();
    final List<String> unreadable = new ArrayList<>();

    static JUnitReports collect(Path root, List<String> globs, long sinceMillis) throws IOException {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String glob : globs) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
            if (glob.startsWith("**/")) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)));
            }
        }
        JUnitReports totals = new JUnitReports();
        DocumentBuilder parser = newParser();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.getFileName() != null && dir.getFileName().toString().equals(".git")
                    ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Path relative = root.relativize(file);
                if (attrs.isRegularFile() && attrs.lastModifiedTime().toMillis() >= sinceMillis
                    && matchers.stream().anyMatch(m -> m.matches(relative))) {
                    totals.read(parser, file, relative.toString());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return totals;
    }

    private static DocumentBuilder newParser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            factory.setXIncludeAware(false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser cannot be configured securely", e);
        }
    }

    private void read(DocumentBuilder parser, Path file, String relative) {
        try {
            Element rootElement = parser.parse(file.toFile()).getDocumentElement();
            NodeList suites = rootElement.getTagName().equals("testsuite")
                ? null : rootElement.getElementsByTagName("testsuite");
            reports++;
            NodeList cases = rootElement.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testCase = (Element) cases.item(i);
                tests++;
                String name = testCase.getAttribute("classname") + "." + testCase.getAttribute("name");
                Element failure = first(testCase, "failure");
                Element error = first(testCase, "error");
                if (failure != null) {
                    failed++;
                    failures.add(entry(name, failure));
                } else if (error != null) {
                    errors++;
                    failures.add(entry(name, error));
                } else if (first(testCase, "skipped") != null) {
                    skipped++;
                }
            }
            if (suites != null && suites.getLength() == 0 && cases.getLength() == 0) {
                unreadable.add(relative + " (no test cases)");
            }
        } catch (SAXException | IOException e) {
            unreadable.add(relative + " (" + e.getMessage() + ")");
        } finally {
            parser.reset();
        }
    }

    private static Element first(Element parent, String tag) {
        NodeList list = parent.getElementsByTagName(tag);
        return list.getLength() == 0 ? null : (Element) list.item(0);
    }

    private static Map<String, Object> entry(String name, Element problem) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        String message = problem.getAttribute("message");
        map.put("message", message.isEmpty() ? problem.getTextContent().strip().lines().findFirst().orElse("") : message);
        return map;
    }

    int passed() {
        return tests - failed - errors - skipped;
    }
}
