"""The words and URL shapes related-article lists are recognised by (see :mod:`.related`).

Labels are whole phrases ("Also read", "You may also like", "À lire aussi"); containers are
class/id/rel tokens ("related-posts", "yarpp", "read-next"); article links are told from tag,
category, author, archive, pagination and feed pages by their path, query and ``rel``.
"""

from __future__ import annotations

import re

#: Related-list labels of sites in other languages, written lower-case with straight apostrophes.
#: "Read also" in scripts and languages beyond those of :data:`.boilerplate_words.INLINE_RELATED`'s
#: own words (Marathi, Nepali, Urdu, Kazakh, Telugu, Kannada, Malayalam, Gujarati, Punjabi, Sinhala,
#: Lao, Amharic, Mongolian, Burmese, Tamil): a list's label, and a line of its own before one link.
READ_ALSO_LABELS = (
    "हे देखील वाचा", "हेही वाचा", "यो पनि पढ्नुहोस्", "यो पनि पढ्नुहोस", "یہ بھی پڑھیں", "оқи отырыңыз",
    "сондай-ақ оқыңыз", "ఇవి కూడా చదవండి", "ఇది కూడా చదవండి", "ಇದನ್ನೂ ಓದಿ", "ഇതുകൂടി വായിക്കൂ",
    "ഇതുകൂടി വായിക്കുക", "આ પણ વાંચો", "ਇਹ ਵੀ ਪੜ੍ਹੋ", "මේවාත් කියවන්න", "මෙයත් කියවන්න", "ອ່ານເພີ່ມເຕີມ",
    "ተጨማሪ ያንብቡ", "мөн уншаарай", "ഇതും വായിക്കാം", "ဆက်စပ်ဖတ်ရှုရန်", "இதையும் படிங்க",
    "இதையும் படியுங்கள்",
)
OTHER_LANGUAGE_LABELS = (
    *READ_ALSO_LABELS,
    # French
    "à lire aussi", "a lire aussi", "lire aussi", "à lire également", "lire également", "à voir aussi",
    "voir aussi", "sur le même sujet", "sur le meme sujet", "articles similaires", "articles liés",
    "articles connexes", "vous aimerez aussi", "vous aimerez peut-être aussi", "vous pourriez aimer",
    "dans la même rubrique", "du même auteur", "sur le même thème", "sur le meme theme",
    "sur la même thématique",
    # German
    "lesen sie auch", "auch interessant", "das könnte sie auch interessieren",
    "das könnte dich auch interessieren", "mehr zum thema", "weitere artikel", "ähnliche artikel",
    "verwandte artikel", "passend zum thema", "verwandte beiträge", "ähnliche beiträge",
    "weitere beiträge", "empfohlene artikel", "lesen sie mehr",
    # Spanish
    "lee también", "leé también", "leer también", "te puede interesar", "también te puede interesar",
    "más información",
    "te recomendamos", "artículos relacionados", "noticias relacionadas", "entradas relacionadas",
    "publicaciones relacionadas", "quizás te interese", "más noticias", "le puede interesar",
    "también le puede interesar", "les puede interesar", "mira también", "mirá también", "ver también",
    "lea también", "lea además", "lee además", "vea también", "vea además", "siga leyendo", "sigue leyendo",

    # Italian
    "leggi anche", "articoli correlati", "articoli simili", "post correlati", "potrebbe interessarti",
    "ti potrebbe interessare", "potrebbero interessarti",
    # Catalan
    "llegiu també", "llegeix també", "notícies relacionades", "articles relacionats",
    "també et pot interessar", "et pot interessar",
    # Portuguese
    "leia também", "veja também", "artigos relacionados", "notícias relacionadas",
    "posts relacionados", "você também pode gostar", "você pode gostar",
    # Dutch
    "zie ook", "lees ook", "gerelateerde artikelen", "gerelateerde berichten", "ook interessant",
    "meer nieuws",
    # Nordic languages
    "läs också", "läs även", "läs mer", "les mer", "læs mere", "relaterade artiklar", "læs også",
    "relaterede artikler", "les også",
    "relaterte artikler", "lue myös", "aiheeseen liittyvät",
    # Central and Eastern European languages
    "czytaj też", "czytaj także", "czytaj również", "przeczytaj też", "przeczytaj także",
    "przeczytaj również", "zobacz też", "zobacz także", "zobacz również",
    "podobne artykuły", "powiązane artykuły", "polecamy", "čtěte také", "čtěte též",
    "související články", "súvisiace články", "čítajte aj", "kapcsolódó cikkek", "ajánlott cikkek",
    "citește și", "articole similare", "articole recomandate", "pročitajte i", "povezani članki",
    "sorodne novice", "sorodni članki", "sorodne vsebine",
    "preberite tudi", "povezani članci", "прочетете още", "свързани статии", "pročitajte još",
    "pročitajte također", "pročitajte više", "прочитајте још", "прочитајте и", "prečítajte si aj",
    "prečítajte si tiež", "taip pat skaitykite", "susiję straipsniai", "lasi arī", "lasiet arī",
    "saistītie raksti", "loe ka", "loe lisaks", "seotud artiklid",
    # Swahili, Tamil, Tagalog
    "soma pia", "soma zaidi", "habari zinazohusiana", "இதையும் படிக்க", "தொடர்புடைய செய்திகள்",
    "மேலும் படிக்க", "basahin din", "basahin rin",
    # Cyrillic and Greek scripts
    "читайте также", "читайте еще", "читайте ещё", "похожие статьи", "похожие материалы",
    "по теме", "материалы по теме", "новости по теме", "статьи по теме", "за темою", "матеріали за темою",
    "новини за темою", "смотрите также", "читайте також", "схожі статті", "схожі новини", "схожі матеріали",
    "інші новини", "похожие новости", "другие новости", "другие статьи", "διαβάστε επίσης",
    "σχετικά άρθρα", "διαβάστε ακόμα",
    # Turkish, Indonesian / Malay, Vietnamese
    "ilgili haberler", "ilgili yazılar", "ilgili haber", "benzer haberler", "bunlar da ilginizi çekebilir",
    "bunu da okuyun", "bunları da okuyun", "ilginizi çekebilir", "baca juga", "artikel terkait",
    "berita terkait", "bài viết liên quan", "tin liên quan", "xem thêm",
    # Arabic, Persian, Hebrew, Hindi
    "اقرأ أيضا", "اقرأ أيضاً", "مقالات ذات صلة", "أخبار ذات صلة", "مطالب مرتبط", "بیشتر بخوانید",
    "קראו גם", "כתבות נוספות", "यह भी पढ़ें", "ये भी पढ़ें", "इसे भी पढ़ें", "संबंधित खबरें",
    # Hungarian, Thai
    "ezt is ajánljuk", "olvassa el ezt is", "kapcsolódó", "อ่านเพิ่มเติม", "ข่าวที่เกี่ยวข้อง", "อ่านข่าวที่เกี่ยวข้อง",
    "บทความที่เกี่ยวข้อง",
    # Bengali, Albanian, Azerbaijani, Armenian, Georgian, Icelandic
    "আরও পড়ুন", "আরো পড়ুন", "সম্পর্কিত খবর", "lexo edhe", "lexoni edhe", "oxuyun", "həmçinin oxuyun",
    "կարդացեք նաև", "նույն թեմայով", "ასევე წაიკითხეთ", "lestu einnig",
    "lestu líka",
    "এ সম্পর্কিত আরও খবর", "এ সম্পর্কিত আরো খবর", "tengdar fréttir", "მსგავსი სტატიები",
    "მსგავსი სიახლეები", "հեղինակի այլ նյութեր",
    # Burmese, Telugu, Kannada, Malayalam, Sinhala, Khmer, Lao, Amharic
    "ဆက်စပ်သတင်းများ", "ဆက်စပ်ဆောင်းပါးများ", "సంబంధిత వార్తలు", "ಸಂಬಂಧಿತ ಸುದ್ದಿ", "ബന്ധപ്പെട്ട വാർത്തകൾ",
    "අදාළ පුවත්", "អានបន្ថែម", "ព័ត៌មានពាក់ព័ន្ធ", "ຂ່າວທີ່ກ່ຽວຂ້ອງ", "ተዛማጅ ዜናዎች",
    # Uzbek (both apostrophes), Mongolian, Belarusian, Macedonian, Welsh, Irish, Basque, Galician,
    # Somali, Hausa
    "shuningdek o'qing", "shuningdek oʻqing", "o'xshash maqolalar", "oʻxshash maqolalar", "mavzuga oid",
    "холбоотой мэдээ", "чытайце таксама", "падобныя навіны", "поврзани вести",
    "поврзани статии", "darllenwch hefyd", "erthyglau perthnasol", "straeon perthnasol",
    "léigh freisin", "irakurri ere",
    "lotutako albisteak", "lotutako berriak", "le tamén", "akhri sidoo kale", "karanta kuma",
    "labarai masu alaƙa", "labarai masu alaka",
    # Lao, Odia, Zulu, Sorani Kurdish, Pashto, Yoruba
    "ອ່ານຕື່ມ", "ଆହୁରି ପଢ଼ନ୍ତୁ", "ଏହା ମଧ୍ୟ ପଢ଼ନ୍ତୁ", "funda futhi", "funda nalokhu", "ئەمانەش بخوێنەوە",
    "ئەمەش بخوێنەوە", "دا هم ولولئ", "ẹ tún ka",
    # Luxembourgish, Faroese, Tatar, Malagasy, Maltese, Irish, Tigrinya
    "liest och", "lies och", "les eisini", "les eisini her", "шулай ук укыгыз", "vakio koa", "aqra wkoll",
    "léigh tuilleadh", "ካልኦት ዜናታት",
    # Ukrainian, Hebrew, Hungarian
    "більше новин на тему", "більше на тему", "читайте також на тему", "עוד בנושא", "עוד באותו נושא",
    "ez is érdekelheti", "ezek is érdekelhetik", "ez is érdekelhet",
    # Chinese, Japanese, Korean
    "相关文章", "相關文章", "相关阅读", "相關閱讀", "延伸阅读", "延伸閱讀", "推荐阅读", "推薦閱讀",
    "関連記事", "あわせて読みたい", "おすすめ記事", "관련 기사", "관련기사", "함께 읽기", "추천 기사",
    "相关推荐", "相關推薦", "猜你喜欢", "猜你喜歡", "为你推荐", "為你推薦", "相关内容", "相關內容",
    "相关新闻", "相關新聞", "相关报道", "相關報導", "関連ニュース", "関連する記事", "こちらもおすすめ",
    "관련 뉴스", "관련뉴스", "관련 글", "관련글", "추천 뉴스", "함께 보면 좋은 글",
    "この記事を読んだ人におすすめ", "あなたにおすすめ", "おすすめの記事", "こちらの記事もおすすめ",
    "推荐文章", "推薦文章", "推荐新闻", "推薦新聞",
)
#: "Related" of languages that write it before its noun ("संबंधित बातम्या", "ಸಂಬಂಧಿತ ಸುದ್ದಿಗಳು",
#: "Verwandte Themen"), lower-case: with one or two words after it, the whole text is a label.
#: The same written after their noun, as Romance languages do ("Notas relacionadas", "Matérias
#: relacionadas", "Articoli correlati", "Articles liés", "Notícies relacionades"), after one of
#: these nouns.
RELATED_NOUNS = (
    "notas", "noticias", "notícias", "notícies", "notizie", "matérias", "materias", "artículos", "artigos",
    "articoli", "articles", "articole", "entradas", "publicaciones", "publicações", "posts", "contenidos",
    "conteúdos", "contenuti", "contenus", "temas", "sujets", "reportajes", "reportagens", "vídeos", "vidéos",
    "videos", "video", "știri", "stiri",
)
RELATED_ADJECTIVES_AFTER = (
    "relacionadas", "relacionados", "relacionades", "relacionats", "correlati", "correlate", "collegati",
    "collegate", "liés", "liées", "associés", "associées", "similaires", "similares", "simili",
    "asemănătoare", "similare", "conexe",
)
RELATED_ADJECTIVES = (
    "verwandte", "ähnliche", "gerelateerde", "relaterade", "relaterte", "relaterede", "powiązane", "podobne",
    "související", "súvisiace", "podobné", "kapcsolódó", "susiję", "saistītie", "saistītās", "seotud",
    "povezani", "povezane", "povezano", "srodni", "свързани", "похожие", "связанные", "схожі", "пов'язані",
    "σχετικά", "σχετικές", "ilgili", "benzer", "առնչվող", "დაკავშირებული", "संबंधित", "सम्बन्धित",
    "ಸಂಬಂಧಿತ", "సంబంధిత", "সম্পর্কিত", "সংশ্লিষ্ট", "સંબંધિત", "ਸਬੰਧਿਤ", "ਸੰਬੰਧਿਤ", "ਸਬੰਧਤ", "ସମ୍ବନ୍ଧିତ",
    "ബന്ധപ്പെട്ട", "தொடர்புடைய", "අදාළ", "ဆက်စပ်", "повезане", "повезани", "povezane", "مۇناسىۋەتلىك",
    "тиешле", "байланысты", "mifandraika",
)
#: What sets a label written out before its link off from it ("Lire aussi |", "Also read:"); a
#: sentence ("Mehr zu unserer Arbeitsweise <a>lesen Sie hier</a>") has none.
LABEL_SEPARATORS = ":|»›→>-–—·՝"  # "՝": what a colon is in Armenian
#: What follows "related" in the class of a row of the article's own topics or tags.
RELATED_TERMS = r"[-_]?(?:topics?|tags?|terms?)(?![a-z0-9])"
MAX_MORE_LINK_CHARS = 25  # a "View all" link beside a label: this short, this few words
MAX_MORE_LINK_WORDS = 3
#: What such a link says: all or more of the list, in English and a few other languages (a
#: heading's "[edit]" link is none).
MORE_LINK = re.compile(
    r"(?:(?:view|see|show|browse|explore|read)\s+)?(?:all|more)\b|alle\b|mehr\b|voir (?:tout|plus)|tout voir|"
    r"ver (?:todo|todos|más)|vedi (?:tutti|tutto)|bekijk alle|zobacz wszystkie|смотреть все|все\b", re.I)
#: Of those, the ones asking for the whole list ("See all articles", "Alle Termine"; a card's "Read
#: more" links its article).
ALL_LINK = re.compile(r"(?:(?:view|see|show|browse|explore)\s+)?all\b|alle\b|voir tout|tout voir|"
                      r"ver todos?\b|vedi tutti|bekijk alle|zobacz wszystkie|смотреть все", re.I)
#: Kinds of content a list of related pages names ("Related guides", "More camping recipes").
CONTENT_KINDS = (
    "stories|articles|posts|guides|projects|recipes|reviews|tips|ideas|features|reads|episodes|videos|"
    "podcasts|essays|interviews|conversations|columns|profiles|explainers|investigations|coverage|"
    "reporting|news|galleries|photos|slideshows|releases|how-tos|tutorials")
#: Whole-label phrases that announce a list of related articles.
RELATED_LABEL = re.compile(
    r"^(?:(?:see|read) also|also (?:read|see|(?:on|from|in) [\w .'-]{2,30})|"
    rf"related(?: (?:post|article|story|content|reading|links?|read|{CONTENT_KINDS}))?|"
    r"(?:you|we think you) (?:may|might|will|could|should) (?:also )?"
    r"(?:like|enjoy|love|be interested in|want to read)|"
    # "More cozy fall desserts you'll love": what the reader is promised makes the list, whatever it holds
    r"more (?!than )(?:[\w'’-]+ ){1,3}you(?:'ll|’ll| will| may| might| could)(?: also)? (?:love|like|enjoy)|"
    r"recommended(?: (?:for you|reading|stories|articles|posts|reads)|(?: (?:from|by|on) [\w .'-]{2,30}))?|"
    r"(?:read|see) more(?: (?:articles|stories|posts|news|like this|on [\w .'-]{2,30}|"
    r"at(?: [\w .'-]{2,30})?))?|"
    r"more (?:from|on|in|about|by) [\w .&'-]{1,40}(?:: [\w .&'-]{1,40})?|"
    r"more (?:stories|articles|posts|reading|to read|like this|news)|"
    # "More bathroom projects", "More camping guides", "More Harbourside Athletic news": a kind of
    # content, two words before it at most, and what it is to the reader ("More episodes you might
    # like", "More news releases in similar topics")
    rf"more (?!than )(?:[\w'-]+ ){{0,2}}(?:{CONTENT_KINDS})"
    r"(?: (?:you (?:may|might|will) (?:also )?(?:like|enjoy)|like (?:this|these)|for you|"
    r"(?:in|on) (?:similar|related|this|the same) (?:topics?|subjects?)))?|"
    r"further reading|keep reading|go deeper|don'?t miss|read|popular (?:on|in) [\w .'-]{2,30}|"
    r"baca|basahin|"  # "Read:" in Indonesian and Malay, in Filipino
    r"(?:others|people|readers) (?:also )?(?:viewed|read)|"
    r"(?:editor'?s'? )?(?:picks|suggestions)|what to read next|up next|read next|"
    rf"similar (?:{CONTENT_KINDS})|"
    # "more on …" and longer "read also" labels in other languages
    r"mehr (?:zum|zur|zu|aus der|aus dem|aus|vom|von|über|im) [\w .&'-]{1,40}|"
    r"lesen sie (?:auch|mehr)(?: (?:die|diese|den|diesen|unsere?n?)?(?: folgenden| weiteren)?"
    r" ?(?:beiträge|beitrag|artikel|texte))?|"
    # "read (also) the analysis / the interview / our report" (French dailies' "Lire aussi le décryptage |")
    r"(?:à )?lire (?:aussi |également )?(?:le |la |l'|notre |nos |les |un |une )?(?:décryptage|enquête|"
    r"entretien|reportage|tribune|analyse|récit|portrait|chronique|éditorial|édito|témoignage|critique|"
    r"interview|archive|grand format|explication|synthèse|compte rendu|point de vue)s?|"
    # "more from <section>" in other languages; the section starts with a letter ("Más de 300
    # muertos" is a headline, not a label)
    r"(?:m[aá]s (?:de|del|en|sobre)|mais (?:de|do|da|sobre|em)|meer (?:uit|van|over)|"
    r"mer (?:från|om|fra)|mere (?:fra|om)|altr[oie] (?:da|dal|dalla|su|di)|"
    r"altr[ei] (?:notizie|articoli) (?:di|da|dal|dalla|su)|więcej (?:z|ze|o)|"
    r"(?:další|více) (?:z|ze|o)|ещ[её] (?:из|о|по)) (?![\d_])[\w .&'-]{1,40}|"
    # a label's text is matched without its leading and trailing non-word characters (see
    # related_labels.label_text), combining vowel signs included: the phrases are matched the same way
    + "|".join(re.escape(re.sub(r"[\W_]+$", "", phrase)) for phrase in OTHER_LANGUAGE_LABELS) + "|"
    + "(?:" + "|".join(map(re.escape, RELATED_ADJECTIVES)) + r")(?:\s+[^\s:|]+){1,2}|"
    + "(?:" + "|".join(map(re.escape, RELATED_NOUNS)) + r")\s+(?:"
    + "|".join(map(re.escape, RELATED_ADJECTIVES_AFTER)) + ")" +
    r")$",
    re.I,
)
#: Whole labels of a site's lists of its most read or most popular stories: the same on every
#: page, no articles related to this one (English, Portuguese, Spanish, French, German, Italian,
#: Dutch, Norwegian, Swedish and Danish, Finnish, Polish, Czech, Romanian, Russian, Ukrainian,
#: Turkish, Japanese, Chinese, Korean).
MOST_READ_LABEL = re.compile(
    r"^(?:(?:the )?most (?:read|popular|viewed|shared|commented|emailed)(?: (?:stories|articles|news|now|"
    r"today|this week))?|trending(?: now| stories| articles| news)?|"
    r"popular (?:now|stories|articles|posts|news)|"
    r"(?:as |os )?mais (?:lidas|lidos|vistas|vistos)|(?:lo )?más (?:leído|leídas?|leídos|vistos?|populares)|"
    r"les plus (?:lus|populaires|partagés)|meistgelesene?(?: artikel| nachrichten)?|am meisten gelesen|"
    r"(?:i |le )?più (?:letti|lette|visti|popolari)|meest (?:gelezen|bekeken)|"
    r"mest (?:lest|läst|lästa|læst|læste|sett|delt)|luetuimmat|najczęściej czytane|najpopularniejsze|"
    r"nejčtenější|cele mai citite|"
    r"самое (?:читаемое|популярное)|самые (?:читаемые|популярные)|найпопулярніше|"
    r"en çok okunan(?:lar)?|最も読まれた記事|よく読まれている記事|人気記事|アクセスランキング|热门文章|"
    r"热门新闻|熱門文章|많이 본 뉴스|인기 기사|ट्रेंडिंग(?: न्यूज़| खबरें)?|सबसे ज्यादा पढ़ी गई(?: खबरें)?)$", re.I)
#: Class/id/rel tokens of containers that hold related-article lists.
RELATED_CONTAINER_WORDS = (
    # "related-topics", "related-tags": a row of the article's topics (:mod:`.taxonomy`), no articles
    rf"related(?!{RELATED_TERMS})|also[-_]?read|read[-_]?also|yarpp|jp-relatedposts|crp[-_]related|rp4wp|"
    r"more[-_](?:stories|articles|posts)|you[-_]?may[-_]?(?:also[-_]?)?like|recommended|further[-_]reading|"
    r"see[-_]also|read[-_]?next|read[-_]more[-_](?:posts|articles|stories|wrap)|"
    r"similar[-_]?(?:posts|articles|stories)")
RELATED_CONTAINER = re.compile(rf"(?:^|[-_ ])(?:{RELATED_CONTAINER_WORDS})")
#: URL paths of taxonomy, author, archive, pagination and feed pages.
#: Path folders of tag and category pages (also on French, German, Spanish, Italian, Portuguese and
#: Dutch sites), a collection's name before them too (Webflow's "/blog-categories/…").
TAXONOMY_FOLDERS = (r"(?:(?:blog|post|article|news)-)?(?:tags?|categor(?:y|ies))|topics?|label|thema|themen|"
                    r"temas?|sujets?|th[ée]matiques?|"
                    r"rubriques?|rubrik|"
                    r"categorie|categorias?|etiquetas?|schlagworte?|stichworte?|cimkek?|etiket|etichet[ae]|"
                    r"teemat?|tagi|tagit")
NON_ARTICLE_PATH = re.compile(
    rf"/(?:{TAXONOMY_FOLDERS}|authors?|users?|profile|page|search|feed|"
    r"section|sections|wp-admin|wp-login|login|signup|register|cart|account|comments?|rss|share|sharer|"
    # author and pagination pages on French, German, Spanish, Italian, Portuguese and Dutch sites
    r"auteurs?|autor(?:es|en)?|autori?|seite|pagina)(?:/|$|\.)"
    # an archive page: the archive itself, a year, month or day of it, its pages or its terms; a
    # slug below it is a post (a newsletter's "/archive/issue-31-how-to-read", a magazine's
    # "/ideas/archive/2023/08/third-places/674988/")
    rf"|/archives?(?:/?$|\.|/(?:index|{TAXONOMY_FOLDERS}|page|authors?)(?:/|$|\.)"
    r"|/\d{1,4}(?:/\d{1,2}){0,2}(?:/page/\d+)?/?(?:$|[?#.]))",
    re.I,
)
#: A person's page: a people folder at the top of the path and one name below it ("/team/jane-roe").
PERSON_PATH = re.compile(r"^/(?:(?:team|people|staff|contributors?|members?|profiles|experts|writers)/[^/]+"
                         r"|@[^/]+)/?$", re.I)  # "/@handle": a person's page on Medium, Mastodon, YouTube
FILE_PATH = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|pdf|zip|mp[34]|css|js|xml)$", re.I)
NON_ARTICLE_QUERY = re.compile(
    r"(?:^|&)(?:tag|cat|category|author|page|s|replytocom|share)=|(?:^|&)action=(?:edit|history|raw)(?:&|$)",
    re.I)
MENU_CLASS = re.compile(r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|menubar)(?:$|[\s_-])")
NON_ARTICLE_REL = frozenset({"tag", "category", "author", "next", "prev", "sponsored", "ugc"})
#: The leading word of a text (group 1, maybe empty; the pattern matches every string). A letter
#: followed by a combining vowel sign ends a word here, as in Tamil or Hindi script.
FIRST_WORD = re.compile(r"[\W_]*([^\W\d_]*)")


def lower_text(text: str) -> str:
    """``text`` lower-cased as the labels are written: a Turkish dotted capital İ is an i ("İlgili
    Haberler"; ``str.lower`` gives an i followed by a combining dot, which ends a word for
    :data:`FIRST_WORD`)."""
    low = text.lower()
    return low.replace("i\u0307", "i") if "\u0307" in low else low


def _first_word(phrase: str) -> str:
    found = FIRST_WORD.match(phrase.lower())
    return found[1] if found else ""


#: The first word of every phrase RELATED_LABEL accepts ("don" of "don't"), as FIRST_WORD reads it.
LABEL_FIRST_WORDS = frozenset({"see", "read", "also", "related", "you", "we", "recommended", "more",
                               "others", "people", "readers", "further", "keep", "go", "don", "dont",
                               "popular", "editor", "editors", "picks", "suggestions", "what", "up",
                               "similar", "mas", "más", "mais", "meer",
                               "mer", "mere", "altro", "altri", "altre", "więcej", "další", "více",
                               "ещё", "еще",
                               *(_first_word(phrase)
                                 for phrase in (*OTHER_LANGUAGE_LABELS, *RELATED_ADJECTIVES,
                                                *RELATED_NOUNS))})
#: Every prefix of those words: a text starting with anything else cannot be a label.
LABEL_WORD_PREFIXES = frozenset(w[:i] for w in LABEL_FIRST_WORDS for i in range(len(w) + 1))
