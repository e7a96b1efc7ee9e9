import CasebookCore
import Foundation
import XCTest
@testable import CasebookBuild

/// A build writes each case's sections to a temporary file once the text is parsed and reads them back when a page,
/// a handbook, the search index or an export asks: what it publishes is what it would publish holding them.
final class SectionSpillTests: XCTestCase {
    /// Sections with every kind of block, optional parts present and absent, empty strings and long text.
    func sample() -> [Section] {
        [
            Section(heading: nil, line: nil, blocks: [.paragraph("")]),
            Section(heading: "一、主要做法", line: 12, blocks: [
                .paragraph(String(repeating: "建立跨部门联合监管机制，", count: 40)),
                .subheading("（一）创新监管方式。"),
                .table(Table(caption: nil, header: ["序号", "事项"], rows: [["1", "多测合一"], ["2", ""]])),
                .table(Table(caption: "表1 办理时限", header: [], rows: [])),
            ]),
            Section(heading: "", line: 1 << 40, blocks: []),
        ]
    }

    func testASpilledCaseReadsEncodesAndComparesAsItDidHoldingItsSections() throws {
        let dir = temporaryFolder(self).path
        let spill = try XCTUnwrap(SectionSpill(directory: dir))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [], "the file is unlinked as soon as it is made")
        var held = Case(id: "t-1", title: "标题", kind: .bestPractice, number: 1, source: SourceRef(file: "t.txt", lines: LineRange(1, 30)))
        held.summary = "摘要"
        held.sections = sample()
        var spilled = held
        spilled.spillSections(to: spill)
        XCTAssertTrue(spilled.sectionsSpilled)
        XCTAssertFalse(held.sectionsSpilled, "the copy it was made from keeps its own")
        XCTAssertGreaterThan(spill.size, 600)
        XCTAssertEqual(spilled.sections, sample())
        XCTAssertEqual(spilled, held)
        XCTAssertEqual(spilled.hashValue, held.hashValue)
        XCTAssertEqual(spilled.bodyText, held.bodyText)
        let encoder = OrderedJSONEncoder()
        XCTAssertEqual(try encoder.encode(spilled), try encoder.encode(held))

        // A change to a spilled case's sections is its own: the other copies read what was spilled.
        var edited = spilled
        edited.sections[1].blocks[0] = .paragraph("改过的段落")
        XCTAssertFalse(edited.sectionsSpilled)
        XCTAssertEqual(spilled.sections, sample())
        XCTAssertNotEqual(edited, spilled)
        var replaced = spilled
        replaced.sections = []
        XCTAssertEqual(replaced.sections, [])
        XCTAssertEqual(spilled.sections, sample())
        XCTAssertNil(spill.failure)
    }

    /// The parse cache keeps sections in this layout and checks them before a build copies them into its spill file:
    /// exactly one case's sections pass, bytes cut short, with a byte more, or with an unknown tag do not.
    func testOnlyWellFormedBytesPassTheCheck() throws {
        var bytes: [UInt8] = []
        SectionCoding.encode(sample(), into: &bytes)
        XCTAssertTrue(SectionCoding.isWellFormed(bytes[...]))
        var empty: [UInt8] = []
        SectionCoding.encode([], into: &empty)
        XCTAssertTrue(SectionCoding.isWellFormed(empty[...]))
        for cut in [1, 2, bytes.count / 2, bytes.count - 1] {
            XCTAssertFalse(SectionCoding.isWellFormed(bytes[..<cut]), "cut at \(cut) of \(bytes.count)")
        }
        XCTAssertFalse(SectionCoding.isWellFormed((bytes + [0])[...]))
        // The first section's flags byte (after the count 3) set to a value no section has.
        var flags = bytes
        flags[1] = 9
        XCTAssertFalse(SectionCoding.isWellFormed(flags[...]))
        // A slice in the middle of a larger array is checked as itself.
        let framed = [7, 7] + bytes + [7]
        XCTAssertTrue(SectionCoding.isWellFormed(framed[2..<(2 + bytes.count)]))
        // What passes reads back as what was written, and a spill file takes the bytes as they are.
        var reader = SectionCoding.Reader(bytes: bytes)
        XCTAssertEqual(reader.sections(), sample())
        let spill = try XCTUnwrap(SectionSpill(directory: temporaryFolder(self).path))
        let ref = try XCTUnwrap(spill.write(encoded: framed[2..<(2 + bytes.count)]))
        var c = Case(id: "t-2", title: "标题", kind: .bestPractice, number: 2, source: SourceRef(file: "t.txt", lines: LineRange(1, 9)))
        c.useSpilledSections(spill, at: ref)
        XCTAssertTrue(c.sectionsSpilled)
        XCTAssertEqual(c.sections, sample())
    }

    func testBytesThatAreNotWhatWasWrittenAreReportedNotPublished() throws {
        let spill = try XCTUnwrap(SectionSpill(directory: temporaryFolder(self).path))
        let ref = try XCTUnwrap(spill.write(sample()))
        XCTAssertEqual(spill.read(ref), sample())
        // A reference past the end of the file, and one that cuts a case's bytes short.
        XCTAssertEqual(spill.read(SectionRef(offset: ref.offset + Int64(ref.count), count: 10)), [])
        let failure = try XCTUnwrap(spill.failure)
        XCTAssertTrue(failure.contains("cannot read the cases' text back"), failure)
        XCTAssertEqual(spill.read(SectionRef(offset: ref.offset, count: ref.count - 3)), [])
        XCTAssertEqual(spill.failure, failure, "the first failure is the one told")
        // A case read after a failure does not encode (a parse cache entry without its text is never written).
        var c = Case(id: "t-2", title: "标题", kind: .reformPilot, number: 2, source: SourceRef(file: "t.txt", lines: LineRange(1, 3)))
        c.sections = sample()
        c.spillSections(to: spill)
        XCTAssertThrowsError(try OrderedJSONEncoder().encode(c))
    }

    /// The build's corpus holds no case's sections (a serve's, which keeps its corpus for the next build, holds them),
    /// and its site is the one a build holding them makes (every other test of the site builds with the spill).
    func testABuildSpillsEveryCaseWithSectionsAndAServeKeepsThem() throws {
        let dir = temporaryFolder(self)
        let content = dir.appendingPathComponent("Content").path
        try FileManager.default.copyItem(atPath: Repo.content, toPath: content)
        let spill = try XCTUnwrap(SectionSpill(directory: dir.path))
        let spilled = Pipeline.loadCorpus(content: content, timings: Timings(), corpusCache: nil, spill: spill)
        let held = Pipeline.loadCorpus(content: content)
        XCTAssertGreaterThan(held.cases.count, 100)
        XCTAssertEqual(spilled.cases.filter { !$0.sectionsSpilled }.map(\.id), held.cases.filter { $0.sections.isEmpty }.map(\.id))
        XCTAssertFalse(held.cases.contains { $0.sectionsSpilled })
        XCTAssertEqual(spilled.cases, held.cases)
        XCTAssertEqual(spilled.parsed.flatMap(\.cases).filter { !$0.sectionsSpilled && !$0.sections.isEmpty }.count, 0)
        XCTAssertNil(spill.failure)
    }
}
