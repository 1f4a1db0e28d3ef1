"""What the short blocks of :mod:`.boilerplate` that ask something of the reader say: subscription,
newsletter, app, follow and donation promos, cookie and consent notices, legal and editorial
notices (reprint rights, advertiser disclosures, liability and licence notes, how to cite the
page), in many languages. Written in lower case, matched against lower-cased text."""

from __future__ import annotations

from .patterns import compile_words

_GOOGLE_NEWS = r"(?:google news|গুগল নিউজ|गूगल न्यूज़?|கூகுள் நியூஸ்|گوگل نیوز)"
_FOLLOW = r"(?:follow|ফলো|फॉलो|फ़ॉलो|பின்தொடர|فالو)"
#: Subscription, newsletter, app and donation promos (short blocks only).
PROMO = compile_words(
    r"\b(?:subscribe (?:now|today|to)|please subscribe|subscribers? (?:also|get|receive)|"
    # "Sign up for …" as a call ("Click here to sign up for …"), not "residents can also sign up for
    # text alerts"
    r"already a (?:subscriber|member)|(?:(?<![\w,] )|(?<=please )|(?<=here to ))sign up (?:for|to|here|now)|"
    r"never miss|"
    # a newsletter's own footer and its reader poll
    r"you(?:'re| are)? (?:receiving|received|receive|got|get) this (?:e-?mail|newsletter|message) because|"
    r"(?:du erhältst|sie erhalten) diese (?:e-?mail|nachricht|newsletter),? weil|"
    r"vous recevez (?:cet e-?mail|cette newsletter|ce message) (?:car|parce que)|"
    r"recibes este (?:correo|email|boletín) porque|"
    r"what did you think of (?:today'?s|this (?:week'?s )?) ?(?:issue|edition|newsletter|email|post)|"
    r"newsletter (?:abonnieren|bestellen)|download the .{0,40}app|straight to your (?:phone|inbox)|"
    r"for the latest (?:stories|news)|follow (?:us|the [\w ]{1,30}|@\w+) on (?:twitter|facebook|instagram|x|"
    r"whatsapp|telegram|threads|linkedin|youtube|tiktok|google news)|add us on google news|"
    r"join (?:the |our )?[\w'’ ]{0,40}(?:whatsapp|telegram) (?:community|channel|group)|"
    # following the publication on Google News, the name written in Bengali, Devanagari, Tamil or Urdu
    rf"{_GOOGLE_NEWS}.{{0,60}}{_FOLLOW}.{{0,20}}|{_FOLLOW}.{{0,60}}{_GOOGLE_NEWS}.{{0,20}}|"
    r"get involved with the news in your community|"
    r"want (?:to see )?more (?:content|stories|news|articles) (?:like this |from )|"
    r"do you want to be informed|(?:jetzt|gleich) (?:abonnieren|abonnent werden)|bereits abonnent|"
    # "subscribe to our newsletter" in Hungarian, Polish, Czech, Russian, Ukrainian, Turkish,
    # Vietnamese, Indonesian, Italian, Portuguese, Dutch, Swedish
    r"iratkozzon fel|zapisz się do (?:naszego )?newslettera|přihlaste se k odběru|"
    r"подпишитесь на (?:нашу )?рассылку|підпишіться на (?:нашу )?розсилку|bültenimize abone olun|"
    r"đăng ký nhận bản tin|berlangganan (?:newsletter|buletin)|iscriviti alla (?:nostra )?newsletter|"
    r"inscreva-se (?:na|em) nossa newsletter|"
    r"meld je aan voor (?:onze|de) nieuwsbrief|prenumerera på (?:vårt )?nyhetsbrev|"
    r"abo abschließen|folgen sie uns|unterstützen sie (?:uns|unsere)|jede (?:kleine )?spende|"
    # "support us" in Hungarian (and "runs on readers' support"), Polish, Czech, Slovak, Romanian,
    # Croatian, Slovenian, Ukrainian, Russian, Finnish, Norwegian, Danish, Swedish, Dutch
    r"támogasson minket|olvasói támogatás\w*|wesprzyj nas|podpořte nás|podporte nás|susține-ne|"
    r"sprijină-ne|podržite nas|podprite nas|підтримайте нас|поддержите нас|tue meitä|støtt oss|støt os|"
    r"stöd oss|steun ons|"
    r"erhalten sie (?:ausgewählte |die wichtigsten |alle |täglich )?(?:neuigkeiten|nachrichten|news)|"
    r"assine (?:já|agora|a |o )|"
    r"pour lire la suite|abonnez-vous|déjà abonné|suscríbete|hazte miembro|hágase miembro|"
    r"suscribirse aquí|síguenos en|seguir a [\w .]{1,40} en (?:facebook|twitter|instagram|x)|"
    # "follow all the news of <region> on Facebook and X", "get the day's news every morning"
    r"sigue (?:toda )?(?:la )?(?:información|actualidad|última hora) de [\w .]{1,40} en (?:facebook|twitter|"
    r"instagram|whatsapp|telegram|x)\b|recibe (?:cada (?:mañana|día|semana|tarde|noche)|"
    r"en tu (?:correo|email|buzón))|receba (?:todas as (?:manhãs|semanas)|no seu e-?mail)|"
    r"help us continue|besuchen sie unseren [\w-]{0,20}shop|rss-feed abonnieren|"
    r"(?:submit|write|send) (?:us )?(?:your|a) letter to the editor|"
    r"to (?:view|read|continue reading) the (?:full|rest)|continue reading with|weiterlesen mit|"
    r"zapraszamy (?:też )?do subskrypcji|subskrybuj|if you enjoyed (?:reading )?this|"
    r"would you consider (?:supporting|donating)|(?:du|sie) möchtest? (?:gerne )?(?:bei|mitmachen)|"
    r"(?:nuestro|tenemos(?: un)?) canal de (?:youtube|telegram|whatsapp)|únete (?:a nuestro|desde)|"
    r"(?:our|unser(?:em|en)?) (?:youtube|telegram|whatsapp)[- ]?(?:channel|kanal)|"
    r"gefällt (?:dir|ihnen) unser|einfach hier klicken|werden sie (?:jetzt )?mitglied bei|"
    r"als abo (?:oder|und) einzelheft|nichts mehr (?:versäumen|verpassen)(?=!)|"
    r"funded by (?:readers|listeners|viewers|members|people) like you|"
    r"please consider (?:supporting|donating|a donation|becoming a (?:member|supporter))|"
    r"support (?:independent|local|our|quality|nonprofit|non-profit) (?:journalism|reporting|news)|"
    r"(?:with |make )?a tax-deductible (?:gift|donation|contribution)|"
    r"take our (?:\w+ ){0,2}(?:survey|poll|quiz)|"
    # a subscription offer: a price for the first month, a "special offer" with a price
    r"\d+(?:[.,]\d+)?\s?(?:€|\$|£)\s?(?:le premier mois|(?:for )?the first month|im ersten monat|"
    r"el primer mes|il primo mese|de eerste maand)|"
    r"(?:offre spéciale|special offer|sonderangebot|oferta especial|offerta speciale)\s*:?.{0,40}?"
    r"(?:(?:€|\$|£)\s?\d|\d(?=\s?(?:€|\$|£)))|"
    r"make a (?:donation|contribution)|donate (?:now|today)|will you support [\w .'’-]{1,40}journalism|"
    # Japanese blog platforms: "follow to get updates", "sign up or log in to like and comment",
    # "the magazines this article is in"
    r"フォローすると|(?:会員登録|ログイン)(?:・(?:会員登録|ログイン))?すると|この記事が含まれているマガジン|"
    # "if you liked this article, why not support it"; Korean "log in and leave a like / a comment"
    r"この記事が気に入ったら\w*|로그인하고 (?:공감|댓글)\w*|"  # \w*: up to the end of the word run
    r"(?:donations|contributions|members|supporters) (?:pay for|fund|make possible) (?:stories|journalism|"
    r"reporting|our work) like this|made possible by (?:readers|members|donors|supporters) like you|"
    # a news desk asking for tips: English, Norwegian and Danish, Swedish, Dutch, German, Finnish
    r"(?:got|have you got|do you have) a (?:news )?tip|"
    r"do you have a story (?:for us|to share|to tell)|send us (?:your )?(?:news )?tips|"
    r"har du (?:et )?tips? (?:til|om|på)|tips oss|tipsa oss|tip os|heb je een tip|tip de redactie|"
    r"haben sie (?:einen )?hinweis|vinkkaa meille|"
    r"track (?:the )?latest news live on|"
    # a blog's tip jar: "Like this article? Support the author with", "Buy me a coffee"
    r"support the (?:author|writer|blog) with|buy me a coffee|"
    # a platform's tip box ("if you liked this article, why not support it?")
    r"この記事が気に入ったらサポート|気に入ったらサポート|"
    # a travel or a craft blog's Pinterest prompt
    r"pin (?:it|this(?: post| image)?) for later|save (?:it|this(?: post)?) (?:to|on) (?:your )?pinterest|"
    r"follow (?:topics|authors|topics and authors) (?:from|in) this (?:story|article))\b")
MAX_PROMO_CHARS = 250
#: Cookie and consent notices, and the placeholders of embeds that wait for consent.
CONSENT = compile_words(
    r"\b(?:(?:wir verwenden|we use|diese (?:website|webseite|seite) (?:verwendet|nutzt)|"
    r"this (?:site|website) uses|utilizamos|nous utilisons|utilizziamo|usamos) cookies|"
    r"accept (?:all )?cookies|"
    r"(?:cookies?|alle) (?:akzeptieren|zulassen|ablehnen)|manage (?:cookie )?(?:preferences|settings)|"
    r"by (?:clicking|continuing|using this (?:site|website)).{0,80}\b(?:accept|agree|consent)|"
    r"(?:akzeptieren sie|akzeptiere) (?:die )?datenschutz\w*|"
    r"datenschutzerklärung .{0,40}(?:gelesen|akzeptier)|"
    r"mit dem laden des (?:beitrags|videos|inhalts|tweets) akzeptieren sie|"
    r"(?:button|schaltfläche),? um (?:den|die) inhalte? (?:von .{1,60} )?zu laden|inhalte? (?:jetzt )?laden|"
    r"das automatische laden der inhalte .{0,60}blockiert|"
    # "<service>-beiträge immer entsperren", the service's name tested behind (words start with a letter)
    r"beiträge immer entsperren(?<=\w[- ]beiträge immer entsperren)|"
    r"(?:mailing list|newsletter) consent terms|i agree (?:that )?my (?:information|data|details)|"
    r"to (?:view|see|load) this content.{0,80}\b(?:cookies|consent|accept)|"
    r"ohne (?:dein|ihr) einverständnis keine verbindung zu)")
MAX_CONSENT_CHARS = 300
#: Legal and editorial notices: reprint rights, advertiser disclosures, liability and licence notes,
#: the contact form's privacy note, how to cite the page.
NOTICE = compile_words(
    r"\b(?:copyrighted property of|written permission (?:must be obtained|is required)|"
    r"(?:reprinting|reproducing|republishing) (?:this )?content without permission|"
    r"(?:you (?:may|can|are free to)|feel free to) republish|republish this (?:article|story)|"
    r"(?:may|must) not be (?:reproduced|published|broadcast|rewritten|redistributed)|"
    r"advertis(?:ing|er) (?:disclaimer|disclosure)|advertisers do not influence|"
    r"we (?:may )?(?:receive|earn) (?:compensation|a commission)|"
    r"(?:may|might|could) (?:earn|receive|get) (?:a |an )?(?:small |tiny )?(?:affiliate )?commission|"
    r"(?:contains?|includes?|uses?) (?:some )?affiliate links|(?:an )?advertising-supported "
    r"(?:comparison|publisher|site|service|website)|"
    # the same in French, German, Spanish, Italian, Portuguese, Dutch
    r"(?:peut|peuvent|pouvons|pourrions) (?:percevoir|toucher|recevoir) une commission|"
    r"(?:erhalten|bekommen) (?:wir|ich) (?:ggf\. |eventuell |möglicherweise )?eine provision|"
    r"(?:podemos|puede|podríamos) (?:recibir|ganar|obtener) una comisión|"
    r"(?:potremmo|possiamo|potrebbe) (?:ricevere|percepire|guadagnare) una commissione|"
    r"(?:podemos|pode|poderemos) (?:receber|ganhar) uma comissão|"
    r"(?:kunnen|kan) (?:wij|we|ik) een (?:kleine )?commissie (?:ontvangen|verdienen)|"
    # a column's or a comparison site's note that the views are the author's
    r"(?:views|opinions) expressed (?:here|herein|in this \w+) are (?:solely )?(?:those of the "
    r"(?:author|writer)s?|the (?:author|writer)'?s'? (?:alone|own))|"
    r"trotz sorgfältiger inhaltlicher kontrolle|übernehmen? (?:wir|ich) keine haftung für (?:die )?inhalte|"
    r"für den inhalt der verlinkten seiten sind ausschließlich|"
    r"wenn sie uns per kontaktformular anfragen zukommen lassen|"
    r"sofern nicht anders (?:angegeben|ausgewiesen|vermerkt),? (?:stehen|sind) (?:alle |die )?inhalte|"
    # a financial or medical page's disclaimer about itself
    r"th(?:is|e) (?:article|post|content|material|information|newsletter|page|website|site|video|report|blog)"
    r"\b.{0,80}?\b(?:(?:is|are) not|does not constitute|do not constitute) "
    r"(?:intended as |to be construed as )?(?:investment|financial|tax|legal|medical)"
    r"(?:,? (?:or )?(?:investment|financial|tax|legal|medical))* advice|"
    r"th(?:is|e) (?:article|post|content|material|information|newsletter|page|website|site|video|report|blog)"
    r"\b.{0,60}?\b(?:is|are) (?:provided )?for (?:general )?(?:information(?:al)?|educational) purposes only|"
    r"suggested citation|"
    # a radio story's note on its transcript
    r"(?:this )?text may not be in its final form|"
    r"transcripts? (?:is|are) (?:created|produced) on a rush deadline|"
    r"(?:dieser|der) (?:text|beitrag|artikel) entspricht den vorgaben|"
    r"(?:dieser|der) (?:text|beitrag|artikel) stammt aus (?:der )?ausgabe|"
    # a post's licence line: "This post is licensed under CC BY 4.0 by the author."
    r"(?:this|the) (?:post|article|blog post|work|content|page) is licensed under|"
    # a machine summary's disclaimer: "This is AI generated summarization, which may have errors."
    r"ai[- ]generated (?:summar\w+|content|text)\W+(?:\w+ ){0,3}(?:may|might|can) (?:have|contain) errors)")
MAX_NOTICE_CHARS = 320
