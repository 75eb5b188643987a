namespace Portico.Bench.Users;

/// <summary>A Japanese name part: kanji, reading (hiragana) and romaji, with a relative frequency.</summary>
internal sealed record JapaneseName(string Kanji, string Reading, string Romaji, int Weight);

/// <summary>
/// Name pools for the data set: common Japanese surnames and given names (kanji with their readings, weighted roughly
/// by how common they are) and common English first and last names. Enough variety that a search term matches from a
/// handful to a few thousand people, as in a real directory.
/// </summary>
internal static class Names
{
    public static readonly JapaneseName[] Surnames =
    [
        new("佐藤", "さとう", "sato", 190), new("鈴木", "すずき", "suzuki", 180), new("高橋", "たかはし", "takahashi", 140),
        new("田中", "たなか", "tanaka", 130), new("伊藤", "いとう", "ito", 110), new("渡辺", "わたなべ", "watanabe", 110),
        new("山本", "やまもと", "yamamoto", 110), new("中村", "なかむら", "nakamura", 105), new("小林", "こばやし", "kobayashi", 100),
        new("加藤", "かとう", "kato", 90), new("吉田", "よしだ", "yoshida", 85), new("山田", "やまだ", "yamada", 80),
        new("佐々木", "ささき", "sasaki", 70), new("山口", "やまぐち", "yamaguchi", 65), new("松本", "まつもと", "matsumoto", 65),
        new("井上", "いのうえ", "inoue", 60), new("木村", "きむら", "kimura", 60), new("林", "はやし", "hayashi", 55),
        new("斎藤", "さいとう", "saito", 55), new("清水", "しみず", "shimizu", 55), new("山崎", "やまざき", "yamazaki", 50),
        new("森", "もり", "mori", 45), new("池田", "いけだ", "ikeda", 45), new("橋本", "はしもと", "hashimoto", 45),
        new("阿部", "あべ", "abe", 45), new("石川", "いしかわ", "ishikawa", 40), new("山下", "やました", "yamashita", 40),
        new("中島", "なかじま", "nakajima", 40), new("石井", "いしい", "ishii", 35), new("小川", "おがわ", "ogawa", 35),
        new("前田", "まえだ", "maeda", 35), new("岡田", "おかだ", "okada", 35), new("長谷川", "はせがわ", "hasegawa", 35),
        new("藤田", "ふじた", "fujita", 35), new("後藤", "ごとう", "goto", 35), new("近藤", "こんどう", "kondo", 30),
        new("村上", "むらかみ", "murakami", 30), new("遠藤", "えんどう", "endo", 30), new("青木", "あおき", "aoki", 30),
        new("坂本", "さかもと", "sakamoto", 30), new("西村", "にしむら", "nishimura", 25), new("福田", "ふくだ", "fukuda", 25),
        new("太田", "おおた", "ota", 25), new("三浦", "みうら", "miura", 25), new("藤井", "ふじい", "fujii", 25),
        new("岡本", "おかもと", "okamoto", 25), new("松田", "まつだ", "matsuda", 25), new("中川", "なかがわ", "nakagawa", 25),
        new("原田", "はらだ", "harada", 20), new("小野", "おの", "ono", 20), new("竹内", "たけうち", "takeuchi", 20),
        new("金子", "かねこ", "kaneko", 20), new("和田", "わだ", "wada", 20), new("中野", "なかの", "nakano", 20),
        new("上田", "うえだ", "ueda", 20), new("野口", "のぐち", "noguchi", 15), new("菅原", "すがわら", "sugawara", 15),
        new("桜井", "さくらい", "sakurai", 12), new("宮崎", "みやざき", "miyazaki", 12), new("東海林", "しょうじ", "shoji", 3),
    ];

    public static readonly JapaneseName[] GivenNames =
    [
        new("美香", "みか", "mika", 30), new("太郎", "たろう", "taro", 30), new("翔太", "しょうた", "shota", 30),
        new("陽菜", "ひな", "hina", 30), new("大輔", "だいすけ", "daisuke", 30), new("直子", "なおこ", "naoko", 30),
        new("健", "けん", "ken", 30), new("花子", "はなこ", "hanako", 20), new("拓也", "たくや", "takuya", 30),
        new("由美", "ゆみ", "yumi", 30), new("誠", "まこと", "makoto", 30), new("恵", "めぐみ", "megumi", 30),
        new("蓮", "れん", "ren", 30), new("結衣", "ゆい", "yui", 30), new("健太", "けんた", "kenta", 30),
        new("さくら", "さくら", "sakura", 30), new("亮", "りょう", "ryo", 30), new("愛", "あい", "ai", 30),
        new("浩二", "こうじ", "koji", 30), new("智子", "ともこ", "tomoko", 30), new("隆", "たかし", "takashi", 30),
        new("真由美", "まゆみ", "mayumi", 30), new("悠斗", "ゆうと", "yuto", 30), new("美咲", "みさき", "misaki", 30),
        new("和也", "かずや", "kazuya", 30), new("裕子", "ゆうこ", "yuko", 30), new("大翔", "ひろと", "hiroto", 30),
        new("千尋", "ちひろ", "chihiro", 20), new("秀樹", "ひでき", "hideki", 30), new("彩", "あや", "aya", 30),
        new("修", "おさむ", "osamu", 20), new("明美", "あけみ", "akemi", 20), new("雄一", "ゆういち", "yuichi", 20),
        new("舞", "まい", "mai", 20), new("翼", "つばさ", "tsubasa", 20), new("葵", "あおい", "aoi", 20),
    ];

    public static readonly string[] FirstNames =
    [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
        "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
        "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony", "Sandra", "Mark", "Margaret",
        "Donald", "Ashley", "Steven", "Kimberly", "Andrew", "Emily", "Paul", "Donna", "Joshua", "Michelle",
        "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Melissa", "Timothy", "Deborah", "Ronald", "Stephanie",
        "Alex", "Taylor", "Jordan", "Morgan", "Casey", "Jamie", "Avery", "Riley", "Devon", "Quinn",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
        "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
        "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes",
        "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper",
        "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson",
        "Watson", "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes",
        "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez",
    ];

    /// <summary>Picks an item with probability proportional to its weight.</summary>
    public static JapaneseName Pick(JapaneseName[] pool, int totalWeight, Random random)
    {
        var r = random.Next(totalWeight);
        foreach (var name in pool)
        {
            r -= name.Weight;
            if (r < 0)
            {
                return name;
            }
        }

        return pool[^1];
    }

    public static readonly int SurnameWeight = Surnames.Sum(n => n.Weight);
    public static readonly int GivenNameWeight = GivenNames.Sum(n => n.Weight);

    /// <summary>Katakana of a hiragana string (U+3041…U+3096 → +0x60).</summary>
    public static string ToKatakana(string hiragana) =>
        string.Create(hiragana.Length, hiragana, (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                span[i] = s[i] is >= '\u3041' and <= '\u3096' ? (char)(s[i] + 0x60) : s[i];
            }
        });

    /// <summary>Half-width katakana, as old systems and some keyboards produce it (ﾔﾏﾀﾞ).</summary>
    public static string ToHalfWidthKatakana(string hiragana)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var c in ToKatakana(hiragana))
        {
            builder.Append(HalfWidth.TryGetValue(c, out var half) ? half : c.ToString());
        }

        return builder.ToString();
    }

    private static readonly Dictionary<char, string> HalfWidth = BuildHalfWidth();

    private static Dictionary<char, string> BuildHalfWidth()
    {
        const string full = "ァアィイゥウェエォオカキクケコサシスセソタチッツテトナニヌネノハヒフヘホマミムメモャヤュユョヨラリルレロワヲンー";
        const string half = "ｧｱｨｲｩｳｪｴｫｵｶｷｸｹｺｻｼｽｾｿﾀﾁｯﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓｬﾔｭﾕｮﾖﾗﾘﾙﾚﾛﾜｦﾝｰ";
        var map = new Dictionary<char, string>();
        for (var i = 0; i < full.Length; i++)
        {
            map[full[i]] = half[i].ToString();
        }

        const string voiced = "ガギグゲゴザジズゼゾダヂヅデドバビブベボ";
        const string voicedBase = "ｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾊﾋﾌﾍﾎ";
        for (var i = 0; i < voiced.Length; i++)
        {
            map[voiced[i]] = voicedBase[i] + "ﾞ";
        }

        const string semi = "パピプペポ";
        for (var i = 0; i < semi.Length; i++)
        {
            map[semi[i]] = "ﾊﾋﾌﾍﾎ"[i] + "ﾟ";
        }

        map['ヴ'] = "ｳﾞ";
        return map;
    }
}
