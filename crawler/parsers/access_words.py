"""The phrase families and class/id hints behind access detection (see :mod:`.access`).

Each family is written for English, German, French, Spanish, Italian, Portuguese and Dutch pages;
the paywall phrases and subscription words also for Czech, Slovak, Polish, Hungarian, Romanian,
Croatian, Serbian, Slovenian, Bulgarian, Russian, Ukrainian, the Nordic and Baltic languages,
Turkish and Greek.
Patterns are matched case-insensitively against whitespace-normalised text; none names a site.
"""

from __future__ import annotations

import re

from .patterns import compile_words


def _family(*parts: str) -> re.Pattern[str]:
    """One pattern of the parts, matched ignoring case, its words grouped by first letter."""
    return compile_words("|".join(f"(?:{p})" for p in parts), re.I)


#: Phrases that say the rest of an article is for subscribers (each one alone is enough in a
#: short block).
PAYWALL = _family(
    # en
    r"\bsubscribe\b(?: now| today)? (?:to|and) (?:continue|keep) reading",
    r"\bto (?:continue|keep) reading,? (?:please )?(?:subscribe|become an? (?:subscriber|member))",
    r"\b(?:this|the) (?:article|story|content|post|piece) is (?:only |exclusively )?"
    r"(?:available|reserved|exclusive) (?:only )?(?:to|for) (?:paying |paid |digital |premium )?"
    r"(?:subscribers|members)",
    r"\b(?:for|to) (?:paying )?subscribers only\b|\bsubscribers?[- ]only (?:content|article|story)",
    r"\balready an? (?:subscriber|member)\s*\?",
    r"\b(?:subscribe|become an? (?:subscriber|member)) (?:now |today )?to (?:read|unlock|access) "
    r"(?:the|this) (?:full|rest|whole|entire|complete)",
    r"\bunlock (?:this|the full) (?:article|story)",
    r"\byou(?:'ve| have) reached (?:your|the) (?:free )?(?:article|monthly|reading) limit",
    r"\bthe rest of (?:this|the) (?:article|story) is (?:only )?(?:available|reserved|for subscribers)",
    # de
    r"\b(?:dieser|der) (?:artikel|beitrag|inhalt|text) ist (?:nur |exklusiv |ausschließlich )?"
    r"(?:für|fuer) (?:\w+-?)?(?:abonnenten|abonnentinnen|abonnierende|mitglieder|abo-kunden|plus-kunden)",
    r"\b(?:exklusiv|nur) für (?:\w+-?)?(?:abonnenten|abonnentinnen|abonnierende)",
    r"\b(?:sie sind )?(?:bereits|schon) (?:abonnent|abonnentin|abonniert|plus-kunde)",
    r"\bweiterlesen mit\b|\blesen sie (?:jetzt )?weiter mit\b",
    r"\bum (?:den|diesen) (?:ganzen |vollständigen |kompletten |gesamten )?(?:artikel|beitrag) "
    r"(?:weiter ?)?zu lesen",
    # fr
    r"\bréservée?s? aux abonnés|\b(?:article|contenu) réservé\b",
    r"\bdéjà abonnée?\b",
    r"\bil vous reste \d+ ?% de (?:cet|l[’'] ?)article à lire",
    r"\babonnez-vous pour (?:lire|continuer|accéder)",
    r"\bpour lire la suite,? (?:de cet article,? )?abonnez-vous",
    r"\bla suite (?:de cet article )?est réservée",
    # es
    r"\b(?:contenido|artículo|noticia) (?:exclusivo|reservado) para (?:suscriptores|abonados|socios)",
    r"\b(?:exclusivo|solo|sólo) para (?:suscriptores|abonados)",
    r"\bsuscríbete (?:ahora )?para (?:seguir|continuar) leyendo",
    r"\bpara (?:seguir|continuar) leyendo,? suscríbete",
    r"\bya eres (?:suscriptor|suscriptora|abonado|abonada|socio)\b",
    # it
    r"\b(?:contenuto|articolo) riservato (?:agli|ai) abbonati",
    r"\briservato agli abbonati",
    r"\bsolo per (?:gli )?abbonati",
    r"\babbonati per (?:continuare a leggere|leggere)|\bper continuare a leggere,? abbonati",
    r"\bsei già abbonat[oa]\b",
    # pt
    r"\b(?:conteúdo|matéria|artigo|reportagem) exclusiv[oa] para assinantes",
    r"\b(?:exclusivo|somente|só) para assinantes",
    r"\bassine para (?:continuar|ler|seguir)|\bpara continuar (?:a )?l(?:endo|er),? assine",
    r"\bjá (?:é|sou) assinante\b",
    # nl
    r"\b(?:alleen|enkel|exclusief) voor abonnees",
    r"\bdit (?:artikel|stuk) is (?:alleen |exclusief )?voor abonnees",
    r"\babonneer (?:je|u) (?:nu )?om (?:verder )?te lezen",
    r"\b(?:ben je|bent u) al abonnee\b",
    # cs, sk
    r"\b(?:pouze|jen|výhradně|exkluzivně) pro (?:\w+ )?předplatitele\b|"
    r"\b(?:len|iba|výhradne) pre (?:\w+ )?predplatiteľov\b",
    r"\buž máte předplatné\b|\bjste (?:již|už) předplatitel|\buž (?:máte|ste) predplat",
    # pl
    r"\b(?:tylko|wyłącznie|jedynie) dla (?:\w+ )?(?:prenumeratorów|subskrybentów|abonentów)\b",
    r"\bmasz już (?:prenumeratę|subskrypcję|abonament)\b",
    # hu
    r"\b(?:csak|kizárólag) előfizető(?:ink|i)?(?:nek| számára)\b|\bmár előfizető",
    # ro
    r"\b(?:doar|numai|exclusiv) pentru abona(?:ți|ţi|ti)\b|\b(?:ai|aveți|aveţi) deja (?:un )?abonament\b|"
    r"\be[șş]ti deja abonat\b",
    # hr, sr, bs, sl
    r"\b(?:samo|isključivo) za (?:pretplatnike|naročnike)\b|\bveć (?:ste|si) pretplatni|"
    r"\bveć imate pretplatu\b|\bste že naročni",
    # bg, ru, uk
    r"\bсамо за абонати\b|\bтолько для подписчиков\b|\b(?:лише|тільки) для (?:передплатників|підписників)\b",
    r"\bвече сте абонат|\bуже есть подписка\b|\bвже (?:маєте передплату|є передплата|передплатник)",
    # fi, sv, no, da
    r"\bvain tilaajille\b|\bendast för (?:prenumeranter|abonnenter)\b|\b(?:kun|bare) for abonnenter\b",
    r"\bolet(?:ko)? jo tilaaja|\bredan prenumerant\b|\ballerede abonnent\b",
    # lt, lv, et, tr
    r"\btik prenumeratoriams\b|\btikai abonentiem\b|\bainult tellijatele\b|\bsadece abonelere\b|"
    r"\bzaten abone",
)

#: Phrases that ask the reader to sign in or register before reading on.
LOGIN = _family(
    r"\b(?:sign|log) ?in (?:or (?:register|sign up|create an? (?:free )?account) )?"
    r"to (?:continue|keep) reading",
    r"\b(?:sign|log) ?in to (?:read|view|see) (?:the|this) (?:full|rest|whole|entire) (?:article|story)",
    r"\b(?:register|sign up) (?:for free )?to (?:continue|keep) reading|\bcreate an? (?:free )?account to "
    r"(?:continue|keep) reading",
    r"\b(?:melden sie sich an|registrieren sie sich)(?: kostenlos)?,? um (?:\w+ ){0,3}(?:weiter ?)?zu lesen",
    r"\b(?:connectez-vous|inscrivez-vous)(?: gratuitement)? pour (?:lire|continuer)",
    r"\b(?:inicia sesión|regístrate)(?: gratis)? para (?:seguir|continuar) leyendo",
    r"\b(?:accedi|registrati)(?: gratuitamente)? per (?:continuare a leggere|leggere)",
    r"\b(?:faça login|entre|cadastre-se)(?: gratuitamente)? para (?:continuar|ler)",
    r"\b(?:log in|registreer je|meld je aan) om verder te lezen",
)

#: Subscription verbs and nouns: with an ACCESS phrase and no NEWSLETTER word in one short block,
#: a subscription promo.
SUBSCRIBE = _family(
    r"\bsubscribe\b|\bsubscription\b|\bbecome an? (?:subscriber|member)\b|\bstart your (?:free )?trial\b",
    r"\babonnieren\b|\babonnement\b|\babo\b|\bdigital-?abo\b|\babo abschließen\b",
    r"\babonnez-vous\b|\bs[’']abonner\b|\babonnement\b",
    r"\bsuscríbete\b|\bsuscribirse\b|\bsuscripción\b|\bhazte (?:suscriptor|socio)\b",
    r"\babbonati\b|\babbonamento\b|\babbonarsi\b",
    r"\bassine\b|\bassinatura\b|\bassinar\b",
    r"\babonneer\b|\bword (?:nu )?abonnee\b|\babonnement\b",
    # cs, sk, pl, hu, ro
    r"\bpředplatné\b|\bpředplat(?:it|ťte)\b|\bpredplatné\b|\bpredplat(?:iť|ťte)\b",
    r"\bprenumerat[aęy]\b|\bsubskrypcj[aię]\b|\bzaprenumeruj\b",
    r"\belőfizetés(?:t|sel)?\b|\bfizessen elő\b|\bfizess elő\b",
    r"\babonament(?:ul)?\b|\babonea(?:ză|za)-(?:te|vă|va)\b",
    # hr, sr, bs, sl, bg, ru, uk
    r"\bpretplat[aeu]\b|\bpretplatite se\b|\bnaročnin[aoe]\b",
    r"\bабонамент\b|\bподписк[аиу]\b|\bподпишитесь\b|\bпередплат[аиу]\b|\bпередплатіть\b",
    # fi, sv, no, da, lt, lv, et, tr, el
    r"\btilaa\b|\btilaus\b|\btilaajaksi\b|\bprenumerera\b|\bprenumeration\b|\bbli(?:v)? abonnent\b",
    r"\bprenumerat[aąuo]\b|\bprenumeruok(?:ite)?\b|\babonē\b|\babonements?\b|\btelli\b|\btellimus\b",
    r"\babone ol\b|\babonelik\b|\bσυνδρομή\b|\bσυνδρομητής\b",
)
ACCESS = _family(
    r"\b(?:continue|keep) reading\b|\bread (?:the )?(?:full|rest|whole)\b|\bfull (?:article|story|access)\b|"
    r"\bunlimited (?:access|articles|reading)\b|\bthis (?:article|story)\b",
    r"\bweiter ?lesen\b|\bden ganzen artikel\b|\b(?:vollen|unbegrenzten) zugang\b|\bzugang zu allen\b|"
    r"\balle (?:artikel|inhalte)\b|\bdiesen artikel\b|\bplus-artikel\b",
    r"\blire la suite\b|\bcet article\b|\baccès illimité\b|\btous les articles\b",
    r"\b(?:seguir|continuar) leyendo\b|\beste artículo\b|\bacceso ilimitado\b",
    r"\bcontinuare a leggere\b|\bquesto articolo\b|\baccesso illimitato\b",
    r"\bcontinuar (?:a )?l(?:endo|er)\b|\besta (?:matéria|reportagem)\b|\bacesso ilimitado\b",
    r"\bverder lezen\b|\bdit artikel\b|\bonbeperkt (?:toegang|lezen)\b",
)
NEWSLETTER = _family(
    r"newsletter|podcast|youtube|\brss\b|\binbox\b|\be-?mail\b|\bnotifications?\b|\bchannel\b|\bkanal\b|"
    r"\binfolettre\b|\bboletín\b|\bcanal\b|\bnotifiche\b|\bnieuwsbrief\b"
)

#: Phrases of cookie and privacy consent dialogs.
CONSENT = _family(
    # en
    r"\bwe (?:and our (?:\d+ )?partners )?use cookies\b|\bthis (?:site|website) uses cookies\b",
    r"\baccept (?:all )?cookies\b",
    r"\b(?:accept|allow|reject|decline) all\b",
    r"\bcookie (?:settings|preferences)\b",
    r"\bmanage (?:cookies|(?:your )?(?:consent|preferences|privacy choices|choices))\b",
    r"\bwe (?:value|care about|respect) your privacy\b|\byour privacy choices\b",
    r"\bby (?:clicking|continuing|using)[^.]{0,80}\b(?:you (?:accept|agree|consent)|consent to)",
    # de
    r"\bwir (?:und unsere partner )?(?:verwenden|nutzen|setzen) cookies\b|"
    r"\bdiese (?:website|webseite|seite) (?:verwendet|nutzt) cookies\b",
    r"\balle (?:cookies )?akzeptieren\b",
    r"\balle ablehnen\b",
    r"\bcookie-einstellungen\b",
    r"\bdatenschutzeinstellungen\b",
    r"\bzustimmen und weiter\b|\beinwilligung\b|\bakzeptieren und (?:weiter|schließen)\b",
    r"\b(?:durch|mit) (?:dem |das )?klick(?:en)? auf [^.]{0,80}\b(?:stimmen|willigen) sie\b",
    # fr
    r"\bnous utilisons des (?:cookies|traceurs)\b|\bce site utilise des (?:cookies|traceurs)\b",
    r"\btout accepter\b|\btout refuser\b|\baccepter et (?:fermer|continuer)\b|\bparamétrer les cookies\b|"
    r"\bgérer (?:mes|les|vos) (?:choix|préférences|cookies)\b|\bconsentement\b",
    r"\ben cliquant sur [^.]{0,80}\bvous (?:acceptez|consentez)\b|"
    r"\b(?:nous respectons|le respect de) votre vie privée\b",
    # es
    r"\b(?:utilizamos|usamos) cookies\b|\beste sitio (?:web )?(?:utiliza|usa) cookies\b",
    r"\baceptar (?:todas|todo|cookies|las cookies)\b|\brechazar todas?\b|\bconfiguración de cookies\b|"
    r"\bconsentimiento\b",
    r"\bal hacer clic en [^.]{0,80}\b(?:aceptas|acepta|consientes|consiente)\b|"
    r"\baceptar y (?:continuar|cerrar)\b|\bpreferencias de cookies\b|"
    r"\b(?:respetamos|valoramos) (?:tu|su) privacidad\b",
    # it
    r"\b(?:utilizziamo|usiamo) (?:i )?cookie\b|\bquesto sito (?:utilizza|usa) (?:i )?cookie\b",
    r"\baccetta (?:tutti|tutto|i cookie)\b|\brifiuta tutti\b|\bimpostazioni (?:dei )?cookie\b|\bconsenso\b",
    r"\bcliccando (?:su )?[^.]{0,80}\bacconsenti\b|\baccetta e (?:continua|chiudi)\b|"
    r"\bpreferenze (?:dei )?cookie\b|\b(?:il )?rispetto della tua privacy\b",
    # pt
    r"\b(?:utilizamos|usamos) cookies\b|\beste (?:site|sítio) (?:utiliza|usa) cookies\b",
    r"\baceitar (?:todos|tudo|cookies)\b|\brejeitar todos\b|\b(?:definições|configurações) de cookies\b",
    r"\bao clicar em [^.]{0,80}\b(?:aceita|concorda|consente)\b|\baceitar e (?:continuar|fechar)\b|"
    r"\bpreferências de cookies\b|\b(?:respeitamos|valorizamos) a sua privacidade\b",
    # nl
    r"\b(?:wij|we) gebruiken cookies\b|\bdeze (?:website|site) gebruikt cookies\b",
    r"\b(?:alle )?cookies accepteren\b|\balles accepteren\b|\balle(?:s)? weigeren\b|\bcookie-?instellingen\b|"
    r"\btoestemming\b",
    r"\bdoor (?:op|te klikken op) [^.]{0,80}\bga (?:je|u) akkoord\b|\baccepteren en doorgaan\b",
    # pl
    r"\b(?:używamy|wykorzystujemy|stosujemy) (?:plików )?cookies?\b|\bprzetwarzamy dane osobowe\b|"
    r"\b(?:strona|serwis) (?:używa|wykorzystuje|stosuje) (?:plików )?cookies?\b",
    r"\bakceptuj[ęe]? (?:wszystk(?:ie|o)|cookies)\b|\bodrzuć wszystk(?:ie|o)\b|\bprzejdź do serwisu\b|"
    r"\bustawienia (?:cookies|prywatności|zaawansowane)\b|\bzgadzam się\b|\bwyrażam zgodę\b",
    r"\bdbamy o (?:twoją|pana|państwa) prywatność\b|\bplik(?:i|ów|ach) cookies?\b",
)

#: Class/id hints (lower case) of consent managers and their banners.
#: Every alternative starts with a letter (a word's own boundary is tested behind its first
#: letter: "c(?<![^\s_-]c)mp" is "cmp" at the start or after a separator), so that
#: :func:`.patterns.compile_words` can group them (see :data:`.access_find.ANY_HINT`); the hint
#: patterns are only searched, never matched for their spans.
CONSENT_HINT = re.compile(
    r"cookie|consent|gdpr|c(?<![^\s_-]c)mp(?![^\s_-])|onetrust|didomi|usercentrics|sp_message|qc-cmp|cookiebot|"
    r"truste|osano|klaro|tarteaucitron|iubenda|borlabs|c(?<!\Sc)c-(?:window|banner)|privacy-?(?:banner|notice|wall)|"
    r"r(?<![^\s_-]r)odo(?![a-z])")  # "rodo": the GDPR's Polish name
#: Class/id hints of paywall and registration-wall boxes.
WALL_HINT = re.compile(
    r"pay-?wall|reg-?wall|login-?wall|signin-?wall|registration-?wall|metered|meter-?(?:wall|box)|"
    r"p(?<![^\s_-]p)iano(?![^\s_-])|tp-modal|tp-container|subscriber-?only|subscribers-?only|"
    r"premium-?(?:wall|box|teaser|banner|overlay|gate)|plus-?(?:teaser|paywall|banner|wall)|"
    r"abo-?(?:teaser|box|wall|promo|hinweis)|article-?locked|locked-?content|content-?gate|"
    r"subscri\w*-?(?:wall|promo|box|prompt|gate|cta|offer)|offer-?wall")
#: Class/id hints of overlays and dialogs.
OVERLAY_HINT = re.compile(r"modal|overlay|popup|pop-up|lightbox|interstitial|backdrop|dialog")

#: Word stems without which a text node holds none of the phrases above (looked for first, on the
#: lower-cased text of the page; each phrase family holds one of them).
TRIGGER_STEMS = (
    "cookie", "consent", "privacy", "datenschutz", "einwillig", "toestemming", "consenso", "consentim",
    "subscri", "suscri", "abonn", "abbona", "assin", "sign in", "signin", "log in", "login", "regist",
    "connectez", "sesión", "accedi", "meld je", "faça", "continuar le", "continuar a l", "continuare a",
    "verder te lezen", "verder lezen", "already a", "ya eres", "weiterlesen", "weiter mit", "il vous reste",
    "unlock", "reached your", "continue reading", "keep reading",
    # the subscription words of the other languages above
    "předplat", "predplat", "prenumer", "subskryp", "subskryb", "előfiz", "fizess", "abona", "abone", "abonē",
    "pretplat", "naročn", "абонам", "абонат", "подпис", "передплат", "підпис", "tilaa", "tellij", "tellim",
    "συνδρομ",
)
