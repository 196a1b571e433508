package dev.consort.tools.shell;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads one JUnit-style XML report (Surefire's {@code TEST-*.xml}, Gradle's test results): a {@code testsuite} or
 * a {@code testsuites} root with {@code testcase} elements holding {@code failure}, {@code error} or
 * {@code skipped}. Uses the JDK's parser with DOCTYPEs refused, so no entity or external resource is ever read.
 */
final class JUnitReportReader {

    private static final int MAX_MESSAGE_CHARS = 500;

    private JUnitReportReader() {
    }

    /**
     * Reads the counts of one report.
     *
     * @throws IOException when the file cannot be read or is not a well-formed report
     */
    static TestCounts read(Path report) throws IOException {
        Document document;
        try (InputStream in = Files.newInputStream(report)) {
            document = newBuilder().parse(in);
        } catch (SAXException e) {
            throw new IOException(report.getFileName() + " is not a readable XML report: " + e.getMessage(), e);
        }
        Element root = document.getDocumentElement();
        if (!root.getTagName().equals("testsuite") && !root.getTagName().equals("testsuites")) {
            throw new IOException(report.getFileName() + " is not a JUnit report (root element <" + root.getTagName() + ">)");
        }
        NodeList cases = root.getElementsByTagName("testcase");
        if (cases.getLength() == 0) {
            return fromAttributes(root);
        }
        int failed = 0;
        int errors = 0;
        int skipped = 0;
        List<TestFailure> failures = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element testCase = (Element) cases.item(i);
            Element failure = firstChild(testCase, "failure");
            Element error = firstChild(testCase, "error");
            if (failure != null || error != null) {
                boolean isError = failure == null;
                if (isError) {
                    errors++;
                } else {
                    failed++;
                }
                failures.add(new TestFailure(caseName(testCase), message(isError ? error : failure), isError));
            } else if (firstChild(testCase, "skipped") != null) {
                skipped++;
            }
        }
        return new TestCounts(cases.getLength(), failed, errors, skipped, failures);
    }

    private static DocumentBuilder newBuilder() throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // The default handler prints "[Fatal Error]" to stderr before throwing; the exception says it all.
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IOException("the JDK's XML parser refuses a secure configuration: " + e.getMessage(), e);
        }
    }

    /** A suite without testcase elements: trust its counters. */
    private static TestCounts fromAttributes(Element suite) {
        int tests = attribute(suite, "tests");
        int failed = attribute(suite, "failures");
        int errors = attribute(suite, "errors");
        int skipped = Math.max(attribute(suite, "skipped"), attribute(suite, "disabled"));
        if (failed + errors + skipped > tests) {
            return TestCounts.NONE;
        }
        return new TestCounts(tests, failed, errors, skipped, List.of());
    }

    private static int attribute(Element element, String name) {
        try {
            return Math.max(0, Integer.parseInt(element.getAttribute(name).trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Element firstChild(Element parent, String tag) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(tag)) {
                return element;
            }
        }
        return null;
    }

    private static String caseName(Element testCase) {
        String className = testCase.getAttribute("classname");
        String name = testCase.getAttribute("name");
        return className.isEmpty() ? name : className + "." + name;
    }

    private static String message(Element problem) {
        String message = problem.getAttribute("message").strip();
        if (message.isEmpty()) {
            message = problem.getTextContent().strip().lines().findFirst().orElse("");
        }
        if (message.isEmpty()) {
            message = problem.getAttribute("type");
        }
        return message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) + "..." : message;
    }
}
