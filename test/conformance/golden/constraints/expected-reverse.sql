alter table "public"."t2" drop constraint "t2_bb_fkey";

alter table "public"."t1" drop constraint "x";

alter table "public"."t1" drop constraint "t1_pkey";

alter table "public"."c" drop constraint "c_pkey";

alter table "public"."circles" drop constraint "circles_c_excl";

drop index "public"."t2_a_idx";

alter table "public"."t1" drop column "price";

drop table "public"."circles";

alter table "public"."t2" alter column "a" set not null;

alter table "public"."t2" add column "price" numeric;

alter table "public"."t1" alter column "a" drop not null;

alter table "public"."c" alter column "cc" drop not null;

CREATE UNIQUE INDEX t1_a_idx ON public.t1 USING btree (a);

alter table "public"."t2" add constraint "x" CHECK ((price > (0)::numeric));

alter table "public"."t2" add constraint "t2_pkey" PRIMARY KEY (a);

alter table "public"."circles_dropexclude" add constraint "circles_dropexclude_c_excl" EXCLUDE USING gist (c WITH &&);

alter table "public"."t2" add constraint "t2_bb_fkey" FOREIGN KEY (bb) REFERENCES public.b(bb);
