import TallyIO
import Testing

/// An upload's text encoding told from its bytes: UTF-8 first, then GBK, then GB18030.
@Suite struct EncodingDetectionTests {
    @Test func utf8IsToldFirst() {
        #expect(TextEncoding.detect(Array("dataelement,period\nbirths,202601\n".utf8)) == .utf8)
        #expect(TextEncoding.detect(Array("\u{FEFF}单位,出生数\n甲一村,3\n".utf8)) == .utf8)
        #expect(TextEncoding.detect([]) == .utf8)
    }

    @Test func gbkBytesAreToldAsGBK() throws {
        let bytes = try #require(TextEncoding.gbk.encode("单位,出生数\n甲一村,3\n"))
        #expect(bytes.count == 21, "two bytes for each of the 8 Chinese characters, one for each of the 5 others")
        #expect(TextEncoding.detect(bytes) == .gbk)
    }

    @Test func aCharacterOnlyGB18030HasIsToldAsGB18030() throws {
        // U+20000 (𠀀) is four bytes in GB18030 and not in GBK.
        let bytes = try #require(TextEncoding.gb18030.encode("甲一村,𠀀\n"))
        #expect(TextEncoding.gbk.decode(bytes) == nil)
        #expect(TextEncoding.detect(bytes) == .gb18030)
    }

    @Test func bytesOfNoEncodingAreLeftToTheUTF8Reader() {
        // 0xFF is neither UTF-8 nor a GBK or GB18030 lead byte: the reader names the line.
        #expect(TextEncoding.detect([0x61, 0xFF, 0xFF, 0x62]) == .utf8)
    }
}
