import HinboxCore

/// News-like names: a few hundred common first names with thousands of surnames built from
/// syllables, organisations ("Ridgeport Water Authority", with its acronym as an alias), places
/// and dated events. Common words repeat across thousands of entities, as they do in real
/// corpora, so the word index returns realistic candidate lists.
struct NameFactory {
    static let firstNames = """
        James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph \
        Jessica Thomas Sarah Charles Karen Daniel Lisa Matthew Nancy Anthony Betty Mark Sandra Donald Ashley Steven \
        Emily Andrew Donna Paul Michelle Joshua Carol Kenneth Amanda Kevin Melissa Brian Deborah George Stephanie \
        Timothy Rebecca Ronald Laura Jason Helen Edward Sharon Jeffrey Cynthia Ryan Kathleen Jacob Amy Gary Angela \
        Nicholas Shirley Eric Anna Jonathan Brenda Stephen Pamela Larry Emma Justin Nicole Scott Samantha Brandon \
        Katherine Benjamin Christine Samuel Debra Gregory Rachel Alexander Carolyn Patrick Janet Frank Maria Raymond \
        Olivia Jack Heather Dennis Diane Jerry Julie Tyler Joyce Aaron Victoria Jose Ruth Adam Virginia Nathan Lauren \
        Henry Kelly Zachary Christina Douglas Joan Peter Evelyn Kyle Judith Noah Andrea Ethan Hannah Jeremy Megan \
        Walter Cheryl Christian Jacqueline Keith Martha Roger Madison Terry Teresa Austin Gloria Sean Sara Gerald \
        Janice Carl Ann Harold Kathryn Dylan Abigail Arthur Sophia Lawrence Frances Jordan Jean Jesse Alice Bryan \
        Judy Billy Isabella Bruce Julia Gabriel Grace Joe Amber Logan Denise Alan Danielle Juan Marilyn Albert \
        Beverly Willie Charlotte Elijah Natalie Wayne Theresa Randy Diana Vincent Brittany Mason Doris Roy Kayla \
        Ralph Alexis Bobby Lori Russell Marie Bradley Ahmed Fatima Mohammed Aisha Wei Mei Hiroshi Yuki Olga Ivan \
        Carmen Luis Priya Ravi Chinedu Ngozi Kwame Ama Lars Ingrid Pierre Camille Giovanni Giulia Dmitri Anya
        """.split(separator: " ").map(String.init)

    static let onsets = [
        "Ab", "Bar", "Bel", "Bran", "Cal", "Car", "Dal", "Del", "Dun", "Ed", "Fair", "Fen", "Gar", "Gold", "Hal",
        "Har", "Hol", "Kel", "Kin", "Lan", "Mar", "Mc", "Mor", "Nor", "Ok", "Pem", "Ram", "Red", "Ros", "Sal",
        "Sher", "Stan", "Thorn", "Tal", "Ven", "War", "Wes", "Whit", "Win", "Yar",
    ]
    static let middles = ["", "", "a", "e", "i", "o", "an", "er", "in", "ow"]
    static let codas = [
        "bridge", "by", "den", "dell", "field", "ford", "ham", "ing", "kins", "ley", "man", "mont", "more", "ridge",
        "son", "ston", "ton", "well", "wick", "wood",
    ]
    static let orgKinds = [
        "Water Authority", "Holdings", "Bank", "Transit Agency", "School District", "Police Department",
        "Medical Center", "Energy Cooperative", "Chamber of Commerce", "Foundation", "Institute", "University",
        "Workers Union", "Housing Board", "Port Authority", "Press", "Group", "Partners", "Council", "Ministry of Health",
    ]
    static let placeKinds = ["", "", "", " County", " River", " Heights", " Harbor", " Valley", " Township", " Square"]
    static let eventKinds = [
        "Public Hearing", "Council Vote", "Flood", "Strike", "Election", "Summit", "Trial", "Protest", "Fire",
        "Budget Session", "Merger", "Festival",
    ]

    /// A name, its aliases, and (for events) a start date.
    mutating func make(_ type: EntityType, _ random: inout SplitMix64) -> (name: String, aliases: [String], date: String?) {
        switch type {
        case .person:
            let first = Self.pick(Self.firstNames, &random)
            let middle = random.next() % 5 == 0 ? " \(Character(UnicodeScalar(UInt8(65 + random.next() % 26))))." : ""
            return ("\(first)\(middle) \(surname(&random))", [], nil)
        case .organization:
            let name = "\(place(&random)) \(Self.pick(Self.orgKinds, &random))"
            let acronym = name.split(separator: " ").filter { !["of", "the"].contains($0) }.compactMap(\.first).map(String.init).joined()
            return (name, acronym.count >= 3 ? [acronym] : [], nil)
        case .location:
            return (place(&random) + Self.pick(Self.placeKinds, &random), [], nil)
        case .event:
            let day = 1 + random.next() % 28
            let month = 1 + random.next() % 12
            let date = "20\(20 + random.next() % 6)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
            return ("\(place(&random)) \(Self.pick(Self.eventKinds, &random))", [], date)
        }
    }

    /// One of 40 × 10 × 20 syllable surnames (a few thousand distinct).
    func surname(_ random: inout SplitMix64) -> String {
        Self.pick(Self.onsets, &random) + Self.pick(Self.middles, &random) + Self.pick(Self.codas, &random)
    }

    func place(_ random: inout SplitMix64) -> String {
        let name = surname(&random)
        return random.next() % 10 == 0 ? "Port \(name)" : name
    }

    static func pick(_ list: [String], _ random: inout SplitMix64) -> String {
        list[Int(random.next() % UInt64(list.count))]
    }
}
