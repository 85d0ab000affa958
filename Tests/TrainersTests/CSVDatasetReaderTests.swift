import Foundation
import Testing
@testable import Trainers

@Suite("CSV dataset reader")
struct CSVDatasetReaderTests {
    private func read(_ text: String, label: String? = "y", chunkSize: Int = 1 << 16) throws -> Dataset {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        return try CSVDatasetReader(labelColumn: label, chunkSize: chunkSize)
            .read(from: try folder.write(text, to: "data.csv"))
    }

    private func failure(_ text: String, label: String? = "y") throws -> DatasetError {
        do {
            _ = try read(text, label: label)
        } catch let error as DatasetError {
            return error
        }
        Issue.record("expected the file to be rejected")
        return .emptyFile(path: "")
    }

    @Test func parsesFeaturesAndLabelsInOnePass() throws {
        let dataset = try read("a,y,b\n1,cat,2.5\n-3e1,dog,0\n 4 , cat ,5\n")
        #expect(dataset.schema == DataSchema(features: ["a", "b"], label: "y", classes: ["cat", "dog"]))
        #expect(dataset.features == Matrix(rows: 3, columns: 2, values: [1, 2.5, -30, 0, 4, 5]))
        #expect(dataset.labels == [0, 1, 0])
    }

    @Test func classesAreSortedNotFirstSeen() throws {
        let text = try read("x,y\n1,zebra\n2,ant\n3,mole\n")
        #expect(text.schema.classes == ["ant", "mole", "zebra"])
        #expect(text.labels == [2, 0, 1])
        let numeric = try read("x,y\n1,10\n2,2\n3,-1\n4,2\n")
        #expect(numeric.schema.classes == ["-1", "2", "10"])
        #expect(numeric.labels == [2, 1, 0, 1])
    }

    @Test func handlesQuotesCRLFBlankLinesAndNoTrailingNewline() throws {
        let dataset = try read("\"a\",y\r\n\"1.5\",\"big, \"\"red\"\"\"\r\n\r\n2,plain")
        #expect(dataset.features.values == [1.5, 2])
        #expect(dataset.schema.classes == ["big, \"red\"", "plain"])
    }

    @Test func chunkBoundariesDoNotChangeTheResult() throws {
        let text = Fixtures.blobs.csv(style: .name)
        let whole = try read(text, label: "label")
        let tiny = try read(text, label: "label", chunkSize: 7)
        #expect(whole.features == tiny.features)
        #expect(whole.labels == tiny.labels)
        #expect(whole.sha256 == tiny.sha256)
        #expect(whole.sha256 == SHA256.hexDigest(Array(text.utf8)))
        #expect(whole.features.rows == 300 && whole.features.columns == 4)
    }

    @Test func unsupervisedReadKeepsEveryColumn() throws {
        let dataset = try read("a,b\n1,2\n3,4\n", label: nil)
        #expect(dataset.labels == nil)
        #expect(dataset.schema.features == ["a", "b"])
        #expect(dataset.features.values == [1, 2, 3, 4])
    }

    @Test func raggedRowsNameRowAndColumn() throws {
        let short = try failure("a,b,y\n1,2,p\n3,4\n")
        #expect(short.code == "data.ragged_row")
        #expect(short.row == 3 && short.column == 3)
        let long = try failure("a,b,y\n1,2,p\n\n3,4,q,9\n")
        #expect(long.row == 4 && long.column == 4)
        #expect(long.description.contains(":4:4:"))
    }

    @Test func nonNumericCellsNameRowAndColumn() throws {
        let error = try failure("a,b,y\n1,2,p\n3,oops,q\n")
        #expect(error == .nonNumeric(path: error.pathForTest, row: 3, column: 2, columnName: "b", value: "oops"))
        let empty = try failure("a,b,y\n1,,p\n")
        #expect(empty.code == "data.non_numeric" && empty.row == 2 && empty.column == 2)
        let infinite = try failure("a,b,y\n1,inf,p\n")
        #expect(infinite.code == "data.non_numeric")
    }

    @Test func missingLabelColumnListsTheColumns() throws {
        let error = try failure("a,b\n1,2\n", label: "target")
        #expect(error.code == "data.missing_label_column")
        #expect(error.row == 1)
        #expect(error.description.contains("a, b"))
    }

    @Test func emptyAndHeaderOnlyFilesAreRejected() throws {
        #expect(try failure("").code == "data.empty_file")
        #expect(try failure("\n\n").code == "data.empty_file")
        #expect(try failure("a,y\n").code == "data.no_rows")
    }

    @Test func badHeadersAndLabelsAreRejected() throws {
        let repeated = try failure("a,a,y\n1,2,p\n")
        #expect(repeated.code == "data.invalid_header" && repeated.column == 2)
        let unnamed = try failure("a,,y\n1,2,p\n")
        #expect(unnamed.code == "data.invalid_header" && unnamed.column == 2)
        let noLabel = try failure("a,y\n1,p\n2,\n")
        #expect(noLabel.code == "data.missing_label" && noLabel.row == 3 && noLabel.column == 2)
        #expect(try failure("y\np\n").code == "data.no_features")
    }

    @Test func malformedQuotesAreRejected() throws {
        let unterminated = try failure("a,y\n\"1,p\n")
        #expect(unterminated.code == "data.malformed_quote" && unterminated.row == 2 && unterminated.column == 1)
        let trailing = try failure("a,y\n1,\"p\"x\n")
        #expect(trailing.code == "data.malformed_quote" && trailing.column == 2)
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: DatasetError.self) {
            try CSVDatasetReader(labelColumn: nil).read(from: URL(fileURLWithPath: "/nonexistent/data.csv"))
        }
    }
}

extension DatasetError {
    /// The path carried by the error (tests compare whole errors).
    var pathForTest: String {
        switch self {
        case .unreadable(let path, _), .emptyFile(let path), .noRows(let path), .invalidHeader(let path, _, _),
             .missingLabelColumn(let path, _, _), .noFeatures(let path), .raggedRow(let path, _, _, _, _),
             .nonNumeric(let path, _, _, _, _), .missingLabel(let path, _, _), .malformedQuote(let path, _, _),
             .tooFewRows(let path, _, _), .singleClass(let path, _):
            return path
        }
    }
}
