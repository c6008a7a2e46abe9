package seed

import (
	"strings"
)

// name is a name as written in its script and its Latin transliteration (lowercase ASCII),
// which usernames are made of.
type name struct {
	native, latin string
}

// language is one population of generated users.
type language struct {
	code      string  // for the locale
	locale    string  // users.locale
	weight    float64 // share of users (relative)
	first     []name  // given names
	firstFem  []name  // given names taking the feminine surname form (Russian); nil elsewhere
	last      []name  // family names
	timezones []string
}

// names parses "Native=latin|Native|…"; without "=", the latin form is the native one in
// lowercase.
func names(s string) []name {
	var out []name
	for _, e := range strings.Split(s, "|") {
		native, latin, ok := strings.Cut(strings.TrimSpace(e), "=")
		if !ok {
			latin = strings.ToLower(native)
		}
		out = append(out, name{native: native, latin: latin})
	}
	return out
}

// languages: pools of 30–40 common names per language, as real name distributions are
// skewed (a few names are very common), with native-script names for Russian, Chinese,
// Japanese, Arabic and Hindi.
var languages = []*language{
	{
		code: "en", locale: "en", weight: 42,
		first: names("James|Mary|John|Patricia|Robert|Jennifer|Michael|Linda|William|Elizabeth|David|Barbara|" +
			"Richard|Susan|Joseph|Jessica|Thomas|Sarah|Charles|Karen|Christopher|Nancy|Daniel|Lisa|Matthew|" +
			"Betty|Anthony|Margaret|Mark|Sandra|Emily|Andrew|Ashley|Joshua|Olivia|Ryan"),
		last: names("Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Anderson|Taylor|Thomas|Moore|" +
			"Martin|Jackson|Thompson|White|Harris|Clark|Lewis|Robinson|Walker|Young|Allen|King|Wright|Scott|" +
			"Hill|Green|Adams|Baker|Nelson|Carter|Mitchell|Roberts|Campbell|O'Brien=obrien"),
		timezones: []string{"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
			"Europe/London", "Europe/Dublin", "Australia/Sydney", "America/Toronto"},
	},
	{
		code: "es", locale: "es", weight: 12,
		first: names("José=jose|María=maria|Antonio|Carmen|Manuel|Ana|Francisco|Laura|Juan|Isabel|David|" +
			"Lucía=lucia|Javier|Marta|Carlos|Elena|Miguel|Cristina|Alejandro|Paula|Rafael|Sofía=sofia|Pablo|" +
			"Raquel|Sergio|Beatriz|Jorge|Pilar|Fernando|Rosa|Ángel=angel|Teresa|Andrés=andres|Nuria|Iñigo=inigo"),
		last: names("García=garcia|Rodríguez=rodriguez|González=gonzalez|Fernández=fernandez|López=lopez|" +
			"Martínez=martinez|Sánchez=sanchez|Pérez=perez|Gómez=gomez|Martín=martin|Jiménez=jimenez|Ruiz|" +
			"Hernández=hernandez|Díaz=diaz|Moreno|Muñoz=munoz|Álvarez=alvarez|Romero|Alonso|Gutiérrez=gutierrez|" +
			"Navarro|Torres|Domínguez=dominguez|Vázquez=vazquez|Ramos|Gil|Ramírez=ramirez|Serrano|Blanco|Molina|" +
			"Morales|Suárez=suarez|Ortega|Delgado|Castro|Ibáñez=ibanez"),
		timezones: []string{"Europe/Madrid", "America/Mexico_City", "America/Bogota", "America/Argentina/Buenos_Aires",
			"America/Santiago", "America/Lima"},
	},
	{
		code: "de", locale: "de", weight: 10,
		first: names("Lukas|Anna|Maximilian|Lena|Jonas|Leonie|Felix|Hannah|Paul|Julia|Jürgen=juergen|Sabine|" +
			"Stefan|Petra|Andreas|Monika|Michael|Ursula|Thomas|Katrin|Matthias|Claudia|Tobias|Birgit|Florian|" +
			"Sandra|Jörg=joerg|Günter=guenter|Käthe=kaethe|Sophie|Niklas|Marie|Uwe|Heike|Dieter"),
		last: names("Müller=mueller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|" +
			"Schäfer=schaefer|Koch|Bauer|Richter|Klein|Wolf|Schröder=schroeder|Neumann|Schwarz|Zimmermann|Braun|" +
			"Krüger=krueger|Hofmann|Hartmann|Lange|Schmitt|Werner|Schmitz|Krause|Meier|Lehmann|Schmid|Schulze|" +
			"Maier|Köhler=koehler|Weiß=weiss"),
		timezones: []string{"Europe/Berlin", "Europe/Vienna", "Europe/Zurich"},
	},
	{
		code: "fr", locale: "fr", weight: 10,
		first: names("Jean|Marie|Pierre|Nathalie|Michel|Isabelle|Philippe|Sylvie|Alain|Catherine|Nicolas|" +
			"Françoise=francoise|Christophe|Sandrine|Stéphane=stephane|Céline=celine|Frédéric=frederic|" +
			"Valérie=valerie|Julien|Aurélie=aurelie|Thomas|Camille|Guillaume|Chloé=chloe|Antoine|Léa=lea|Hugo|" +
			"Manon|Théo=theo|Inès=ines|Louis|Élodie=elodie|François=francois|Hélène=helene|Gaël=gael"),
		last: names("Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau|Simon|Laurent|" +
			"Lefebvre|Michel|Garcia|David|Bertrand|Roux|Vincent|Fournier|Morel|Girard|André=andre|Lefèvre=lefevre|" +
			"Mercier|Dupont|Lambert|Bonnet|François=francois|Martinez|Legrand|Garnier|Faure|Rousseau|Blanc|Chevalier"),
		timezones: []string{"Europe/Paris", "Europe/Brussels", "America/Montreal", "Africa/Casablanca"},
	},
	{
		code: "ru", locale: "ru", weight: 8,
		first: names("Александр=aleksandr|Сергей=sergey|Дмитрий=dmitry|Андрей=andrey|Алексей=aleksey|" +
			"Максим=maksim|Евгений=evgeny|Иван=ivan|Михаил=mikhail|Николай=nikolay|Владимир=vladimir|Павел=pavel|" +
			"Артём=artem|Олег=oleg|Юрий=yury|Игорь=igor|Кирилл=kirill|Роман=roman"),
		firstFem: names("Елена=elena|Ольга=olga|Наталья=natalya|Татьяна=tatyana|Ирина=irina|Анна=anna|" +
			"Мария=maria|Екатерина=ekaterina|Светлана=svetlana|Юлия=yulia|Анастасия=anastasia|Марина=marina|" +
			"Людмила=lyudmila|Дарья=darya|Ксения=ksenia|Галина=galina|Вера=vera|Полина=polina"),
		last: names("Иванов=ivanov|Смирнов=smirnov|Кузнецов=kuznetsov|Попов=popov|Васильев=vasilyev|" +
			"Петров=petrov|Соколов=sokolov|Михайлов=mikhailov|Новиков=novikov|Фёдоров=fedorov|Морозов=morozov|" +
			"Волков=volkov|Алексеев=alekseev|Лебедев=lebedev|Семёнов=semenov|Егоров=egorov|Павлов=pavlov|" +
			"Козлов=kozlov|Степанов=stepanov|Николаев=nikolaev|Орлов=orlov|Андреев=andreev|Макаров=makarov|" +
			"Никитин=nikitin|Захаров=zakharov|Зайцев=zaytsev|Соловьёв=solovyov|Борисов=borisov|Яковлев=yakovlev|" +
			"Григорьев=grigoryev|Романов=romanov|Воробьёв=vorobyov|Сергеев=sergeev|Кузьмин=kuzmin|Фролов=frolov|" +
			"Ковальский=kovalsky"),
		timezones: []string{"Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok"},
	},
	{
		code: "zh", locale: "zh-CN", weight: 10,
		first: names("伟=wei|芳=fang|娜=na|敏=min|静=jing|丽=li|强=qiang|磊=lei|军=jun|洋=yang|勇=yong|艳=yan|" +
			"杰=jie|娟=juan|涛=tao|明=ming|超=chao|秀英=xiuying|霞=xia|平=ping|刚=gang|桂英=guiying|建华=jianhua|" +
			"志强=zhiqiang|晓明=xiaoming|海燕=haiyan|子轩=zixuan|浩然=haoran|欣怡=xinyi|梓涵=zihan|宇航=yuhang|" +
			"雨桐=yutong|俊杰=junjie|思远=siyuan|佳怡=jiayi"),
		last: names("王=wang|李=li|张=zhang|刘=liu|陈=chen|杨=yang|黄=huang|赵=zhao|吴=wu|周=zhou|徐=xu|孙=sun|" +
			"马=ma|朱=zhu|胡=hu|郭=guo|何=he|高=gao|林=lin|罗=luo|郑=zheng|梁=liang|谢=xie|宋=song|唐=tang|" +
			"许=xu|韩=han|冯=feng|邓=deng|曹=cao|彭=peng|曾=zeng|肖=xiao|田=tian|董=dong|欧阳=ouyang"),
		timezones: []string{"Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore"},
	},
	{
		code: "ja", locale: "ja", weight: 8,
		first: names("翔太=shota|蓮=ren|大翔=hiroto|陽翔=haruto|悠真=yuma|湊=minato|健太=kenta|大輔=daisuke|" +
			"拓也=takuya|直樹=naoki|誠=makoto|浩=hiroshi|隆=takashi|健一=kenichi|太郎=taro|一郎=ichiro|結衣=yui|" +
			"陽菜=hina|葵=aoi|さくら=sakura|美咲=misaki|愛=ai|由美子=yumiko|恵子=keiko|明美=akemi|直子=naoko|" +
			"裕子=yuko|真由美=mayumi|花子=hanako|凛=rin|美羽=miu|芽依=mei|莉子=riko|千尋=chihiro"),
		last: names("佐藤=sato|鈴木=suzuki|高橋=takahashi|田中=tanaka|伊藤=ito|渡辺=watanabe|山本=yamamoto|" +
			"中村=nakamura|小林=kobayashi|加藤=kato|吉田=yoshida|山田=yamada|佐々木=sasaki|山口=yamaguchi|" +
			"松本=matsumoto|井上=inoue|木村=kimura|林=hayashi|斎藤=saito|清水=shimizu|山崎=yamazaki|森=mori|" +
			"池田=ikeda|橋本=hashimoto|阿部=abe|石川=ishikawa|山下=yamashita|中島=nakajima|石井=ishii|小川=ogawa|" +
			"前田=maeda|岡田=okada|長谷川=hasegawa|藤田=fujita|後藤=goto"),
		timezones: []string{"Asia/Tokyo"},
	},
	{
		code: "ar", locale: "ar", weight: 6,
		first: names("محمد=mohammed|أحمد=ahmed|علي=ali|عمر=omar|خالد=khaled|يوسف=youssef|حسن=hassan|" +
			"حسين=hussein|إبراهيم=ibrahim|عبدالله=abdullah|مصطفى=mustafa|محمود=mahmoud|سعيد=saeed|كريم=karim|" +
			"طارق=tarek|فيصل=faisal|سلمان=salman|زياد=ziad|فاطمة=fatima|عائشة=aisha|مريم=maryam|خديجة=khadija|" +
			"زينب=zainab|نور=nour|سارة=sara|ليلى=layla|هدى=huda|رنا=rana|سلمى=salma|ياسمين=yasmin|دينا=dina|" +
			"منى=mona|أمل=amal|هند=hind|رهف=rahaf"),
		last: names("العلي=alali|الأحمد=alahmad|حسن=hassan|حسين=hussein|إبراهيم=ibrahim|عبدالله=abdullah|" +
			"الخطيب=alkhatib|الحسن=alhassan|المصري=almasri|الشامي=alshami|العمري=alomari|القحطاني=alqahtani|" +
			"الغامدي=alghamdi|الزهراني=alzahrani|الدوسري=aldosari|الشمري=alshammari|العتيبي=alotaibi|" +
			"الحربي=alharbi|المطيري=almutairi|السيد=elsayed|منصور=mansour|سليمان=suleiman|يوسف=youssef|" +
			"خليل=khalil|نصر=nasr|عثمان=othman|صالح=saleh|حمدان=hamdan|بكر=bakr|جابر=jaber|عيسى=issa|موسى=musa|" +
			"ناصر=nasser|رشيد=rashid|فرج=farag"),
		timezones: []string{"Asia/Riyadh", "Africa/Cairo", "Asia/Dubai", "Asia/Amman", "Africa/Casablanca"},
	},
	{
		code: "hi", locale: "hi", weight: 6,
		first: names("राहुल=rahul|अमित=amit|विजय=vijay|सुनील=sunil|राजेश=rajesh|अनिल=anil|संजय=sanjay|" +
			"मनोज=manoj|रवि=ravi|अजय=ajay|आकाश=akash|अर्जुन=arjun|विकास=vikas|दीपक=deepak|सुरेश=suresh|" +
			"रोहित=rohit|आदित्य=aditya|प्रिया=priya|पूजा=pooja|अनीता=anita|सुनीता=sunita|नेहा=neha|कविता=kavita|" +
			"अंजलि=anjali|दीप्ति=deepti|रीता=rita|सीमा=seema|आरती=aarti|स्नेहा=sneha|ज्योति=jyoti|" +
			"लक्ष्मी=lakshmi|मीरा=meera|काजल=kajal|श्रुति=shruti|दिव्या=divya"),
		last: names("शर्मा=sharma|वर्मा=verma|गुप्ता=gupta|सिंह=singh|कुमार=kumar|यादव=yadav|पटेल=patel|" +
			"जैन=jain|अग्रवाल=agarwal|मिश्रा=mishra|पांडे=pandey|तिवारी=tiwari|चौहान=chauhan|राठौर=rathore|" +
			"मेहता=mehta|शाह=shah|जोशी=joshi|श्रीवास्तव=srivastava|दुबे=dubey|त्रिपाठी=tripathi|सक्सेना=saxena|" +
			"कपूर=kapoor|मल्होत्रा=malhotra|खन्ना=khanna|चोपड़ा=chopra|भाटिया=bhatia|नायर=nair|रेड्डी=reddy|" +
			"राव=rao|अय्यर=iyer|बंसल=bansal|गोयल=goyal|ठाकुर=thakur|सेठी=sethi|देसाई=desai"),
		timezones: []string{"Asia/Kolkata"},
	},
}

// nicknames are drawn for one user in five, whatever their language.
var nicknames = strings.Split("Kiki|Jojo|Max|Bella|Chip|Ace|Sunny|Buddy|Doc|Red|Shorty|Boss|"+
	"Pepe|Paco|Nacho|Lulú|Chispa|Schatzi|Mausi|Bubu|Loulou|Titi|Doudou|Coco|Zizou|"+
	"Пупсик|Саня|Лёха|Малыш|Котик|"+
	"小龙|阿伟|小明|胖虎|老王|"+
	"たっくん|ゆうちゃん|ケンちゃん|まーくん|"+
	"أبو علي|حبيبي|نونو|"+
	"गुड्डू|बबलू|पिंकी|"+
	"Ninja|Captain|Dr. Who|Rocket", "|")

// feminine returns the feminine form of a Russian family name (Иванов → Иванова,
// Ковальский → Ковальская).
func feminine(n name) name {
	switch {
	case strings.HasSuffix(n.native, "ский"):
		return name{strings.TrimSuffix(n.native, "ий") + "ая", strings.TrimSuffix(n.latin, "y") + "aya"}
	case strings.HasSuffix(n.native, "ов"), strings.HasSuffix(n.native, "ев"), strings.HasSuffix(n.native, "ёв"),
		strings.HasSuffix(n.native, "ин"), strings.HasSuffix(n.native, "ын"):
		return name{n.native + "а", n.latin + "a"}
	}
	return n
}

// emailDomains are the domains of generated addresses.
var emailDomains = []string{"example.com", "example.net", "example.org", "mail.example.com"}
